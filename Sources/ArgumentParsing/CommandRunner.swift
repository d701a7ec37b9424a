#if canImport(Glibc)
import Glibc
#endif

/// A subcommand of a program: its spec and what it does. `run` returns the process exit status.
public protocol Command {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments) throws -> Int32
}

/// Dispatches `program SUBCOMMAND ...` to one of `commands`, with `--help`, `help SUBCOMMAND` and `--version`.
/// Usage errors print the problem and the usage and exit 64; any other error prints one line and exits 1.
public struct CommandRunner {
    public let program: String
    public let abstract: String
    public let version: String
    public let commands: [any Command.Type]

    public init(program: String, abstract: String, version: String, commands: [any Command.Type]) {
        self.program = program
        self.abstract = abstract
        self.version = version
        self.commands = commands
    }

    /// Runs and returns the exit status; never traps on bad arguments.
    public func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            printError("\(program): error: missing subcommand\n\n" + rootHelp)
            return UsageError.exitCode
        }
        switch first {
        case "-h", "--help":
            print(rootHelp)
            return 0
        case "--version":
            print(version)
            return 0
        case "help":
            guard arguments.count > 1 else { print(rootHelp); return 0 }
            let name = arguments.dropFirst().joined(separator: " ")
            guard let command = command(named: name) else {
                return usageFailure(.unknownCommand(name), usage: rootHelp)
            }
            print(HelpFormatter.help(command.spec, program: program))
            return 0
        default:
            break
        }
        // Two-word commands (`bench infer`) take precedence over a one-word command of the same first word.
        let twoWord = arguments.count > 1 ? command(named: first + " " + arguments[1]) : nil
        guard let command = twoWord ?? command(named: first) else {
            let known = commands.map { $0.spec.name }.filter { $0.hasPrefix(first + " ") }
            if !known.isEmpty {
                return usageFailure(.unknownCommand(arguments.dropFirst().first.map { first + " " + $0 } ?? first),
                                    usage: "Known: " + known.joined(separator: ", "))
            }
            return usageFailure(.unknownCommand(first), usage: rootHelp)
        }
        let rest = Array(arguments.dropFirst(twoWord == nil ? 1 : 2))
        if rest.contains("--help") || rest.contains("-h") {
            print(HelpFormatter.help(command.spec, program: program))
            return 0
        }
        do {
            let parsed = try ArgumentParser.parse(rest, spec: command.spec)
            return try command.run(parsed)
        } catch let error as UsageError {
            return usageFailure(error, usage: "USAGE: " + HelpFormatter.usage(command.spec, program: program)
                + "\n  See '\(program) help \(command.spec.name)' for more.")
        } catch {
            printError("\(program) \(command.spec.name): error: \(error)")
            return 1
        }
    }

    var rootHelp: String {
        HelpFormatter.rootHelp(program: program, abstract: abstract, version: version, commands: commands.map { $0.spec })
    }

    func command(named name: String) -> (any Command.Type)? { commands.first { $0.spec.name == name } }

    func usageFailure(_ error: UsageError, usage: String) -> Int32 {
        printError("\(program): error: \(error)\n\(usage)")
        return UsageError.exitCode
    }
}

/// Writes one message and a newline to standard error (standard output stays clean for `--json`).
public func printError(_ message: String) {
    var text = message
    if !text.hasSuffix("\n") { text += "\n" }
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
