/// Why a profile cannot be made, resumed, written or read; the description names the option, file or field.
public enum ProfileError: Error, Equatable, CustomStringConvertible {
    /// The resolution list is empty, unparsable, repeated or outside what the engine runs.
    case badResolutions(String)
    /// `--repeat`, `--warmup` or `--threads` out of range.
    case badSetting(option: String, problem: String)
    /// The output cannot be written (the path and the reason).
    case unwritable(path: String, problem: String)
    /// A profile file that is not ours, or is damaged (the path and the field).
    case unreadable(path: String, problem: String)
    /// `--resume` on a file measured with other settings (the field, the file's value, the asked value).
    case resumeMismatch(path: String, field: String, inFile: String, requested: String)

    public var description: String {
        switch self {
        case let .badResolutions(problem):
            "bad --resolutions: \(problem)"
        case let .badSetting(option, problem):
            "bad --\(option): \(problem)"
        case let .unwritable(path, problem):
            "\(path): cannot write the profile: \(problem)"
        case let .unreadable(path, problem):
            "\(path): not a readable Tandem profile: \(problem)"
        case let .resumeMismatch(path, field, inFile, requested):
            "\(path): cannot resume: the file was profiled with \(field) \(inFile), this run asks for \(requested)"
        }
    }
}
