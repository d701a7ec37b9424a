/// A mistake in how a command was called. Programs print it with the usage and exit with `UsageError.exitCode`.
public enum UsageError: Error, Equatable, CustomStringConvertible {
    case unknownCommand(String)
    case unknownOption(String)
    case missingValue(option: String)
    case missingRequired(option: String)
    case missingPositional(name: String)
    case unexpectedArgument(String)
    case invalidValue(option: String, value: String, expected: String)
    case flagTakesNoValue(option: String)

    /// `EX_USAGE` from sysexits.h, as swift-argument-parser uses for validation failures.
    public static let exitCode: Int32 = 64

    public var description: String {
        switch self {
        case .unknownCommand(let name): "unknown command '\(name)'"
        case .unknownOption(let name): "unknown option '\(name)'"
        case .missingValue(let option): "missing value for '--\(option)'"
        case .missingRequired(let option): "missing required option '--\(option)'"
        case .missingPositional(let name): "missing argument <\(name)>"
        case .unexpectedArgument(let argument): "unexpected argument '\(argument)'"
        case .invalidValue(let option, let value, let expected):
            "invalid value '\(value)' for '--\(option)': expected \(expected)"
        case .flagTakesNoValue(let option): "'--\(option)' is a flag and takes no value"
        }
    }
}
