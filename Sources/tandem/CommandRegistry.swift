import ArgumentParsing

/// Every `tandem` subcommand, in the order `tandem --help` lists them. One line per command.
enum CommandRegistry {
    static var all: [any Command.Type] { [
        DemoCommand.self,
        TrainCommand.self,
        BenchTrainCommand.self,
        SearchCommand.self,
        PlatformCommand.self,
        GovernorCommand.self,
        InspectCommand.self,
        EvaluateCommand.self,
        BenchEnvCommand.self,
        InferCommand.self,
        BenchInferCommand.self,
        BenchControllerCommand.self,
    ] }
}
