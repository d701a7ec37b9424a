import ArgumentParsing

/// Every `tandem` subcommand, in the order `tandem --help` lists them. One line per command.
enum CommandRegistry {
    static var all: [any Command.Type] { [
        DemoCommand.self,
        TrainCommand.self,
        EvaluateCommand.self,
        InferCommand.self,
        ProfileCommand.self,
        ProfileCheckCommand.self,
        SearchCommand.self,
        PlatformCommand.self,
        GovernorCommand.self,
        InspectCommand.self,
        BenchInferCommand.self,
        BenchEnvCommand.self,
        BenchTrainCommand.self,
        BenchControllerCommand.self,
        BenchGemmCommand.self,
        BenchDepthwiseCommand.self,
    ] }
}
