// tandemd: the on-device controller. Runs a policy file on a board; see DaemonOptions.spec for the command line
// and ControllerExitCode for the exit statuses.
import ArgumentParsing
import Controller
#if canImport(Glibc)
import Glibc
#endif

// Before any thread exists, so that every thread inherits the mask and SIGINT/SIGTERM are only ever collected by
// the loop's sigtimedwait: the board is then restored by ordinary code, never from a signal handler.
SignalPacer.blockTerminationSignals()

let version = "0.1.0"
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(HelpFormatter.help(DaemonOptions.spec, program: "tandemd"))
    exit(0)
}
if arguments == ["--version"] {
    print(version)
    exit(0)
}

let configuration: ControllerConfiguration
do {
    configuration = try DaemonOptions.configuration(try ArgumentParser.parse(arguments, spec: DaemonOptions.spec))
} catch {
    printError("tandemd: error: \(error)\nUSAGE: " + HelpFormatter.usage(DaemonOptions.spec, program: "tandemd")
        + "\n  See 'tandemd --help' for more.")
    exit(UsageError.exitCode)
}

let loop: ControllerLoop
do {
    loop = try ControllerLoop.open(configuration)
} catch {
    printError("tandemd: error: \(error); board untouched")
    exit(error.exitCode.rawValue)
}

/// One line on standard output, written at once (unbuffered), so journald and pipes see it as it happens.
func say(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
}

say("tandemd \(version): " + loop.summary)
for note in loop.notes { say("tandemd: \(note)") }

let pacer = SignalPacer()
let outcome = loop.run(pacer: pacer)
let cause = pacer.receivedSignal.map { $0 == SIGTERM ? "SIGTERM" : ($0 == SIGINT ? "SIGINT" : "signal \($0)") }
if outcome.exitCode == .stopped {
    say("tandemd: " + (cause.map { "\($0): " } ?? "") + outcome.message)
} else {
    printError("tandemd: error: " + outcome.message)
}
exit(outcome.exitCode.rawValue)
