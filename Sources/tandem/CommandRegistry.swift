import ArgumentParsing

/// Every `tandem` subcommand, in the order `tandem --help` lists them. One line per command.
enum CommandRegistry {
    static var all: [any Command.Type] { [
        DemoCommand.self,
        InspectCommand.self,
        PlatformCommand.self,
        SearchCommand.self,
        InferCommand.self,
        BenchInferCommand.self,
        BenchControllerCommand.self,
    ] }
}
