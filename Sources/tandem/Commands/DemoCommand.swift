import ArgumentParsing

/// `tandem demo`: the main job. Until the environment, agents and evaluation exist it runs what exists
/// and says plainly what is still to come.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        abstract: "Main job on the simulated Jetson Xavier NX: train, export, evaluate against schedutil.",
        options: [.flag("quick", "Load the shipped policy instead of training.")])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        print("tandem demo: the foundation is in place (Tensor, HDF5, the command line).")
        print("Still to come: the OFA engine, the board layer, RuntimeEnv, the agents, tandemd and the evaluation.")
        return 0
    }
}
