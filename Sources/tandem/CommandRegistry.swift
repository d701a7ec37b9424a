import ArgumentParsing

/// Every `tandem` subcommand, in the order `tandem --help` lists them. One line per command.
enum CommandRegistry {
    static var all: [any Command.Type] { [
        DemoCommand.self,
        InferCommand.self,
        SearchCommand.self,
        TrainCommand.self,
        EvaluateCommand.self,
        PlatformCommand.self,
        GovernorCommand.self,
        InspectCommand.self,
        BenchInferCommand.self,
        BenchEnvCommand.self,
        BenchTrainCommand.self,
        BenchGemmCommand.self,
        BenchDepthwiseCommand.self,
        BenchControllerCommand.self,
    ] }
}
