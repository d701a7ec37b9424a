// tandem: the command line for everything offline (contract: ../shared/ARCHITECTURE.md).
import ArgumentParsing
#if canImport(Glibc)
import Glibc
#endif

let runner = CommandRunner(
    program: "tandem",
    abstract: "Joint Dynamic-OFA sub-network and DVFS control: profile, search, train, evaluate.",
    version: TandemVersion.string,
    commands: CommandRegistry.all)
exit(runner.run(Array(CommandLine.arguments.dropFirst())))
