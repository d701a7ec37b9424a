/// A platform description that cannot be used: which description, which field, and what is wrong with it.
public struct PlatformDescriptionError: Error, Equatable, CustomStringConvertible {
    /// The file or built-in name the description came from.
    public let origin: String
    /// A path into the description, e.g. `cpu.clusters[1].frequenciesKHz[3]` (empty for the whole document).
    public let field: String
    public let problem: String

    public init(origin: String, field: String, problem: String) {
        self.origin = origin
        self.field = field
        self.problem = problem
    }

    public var description: String {
        field.isEmpty ? "\(origin): \(problem)" : "\(origin): field '\(field)': \(problem)"
    }

    init(decoding error: DecodingError, origin: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self.init(origin: origin, field: parent.isEmpty ? key.stringValue : "\(parent).\(key.stringValue)",
                      problem: "is missing")
        case .typeMismatch(let type, let context):
            self.init(origin: origin, field: path(context.codingPath), problem: "expected \(type)")
        case .valueNotFound(let type, let context):
            self.init(origin: origin, field: path(context.codingPath), problem: "expected \(type), found null")
        case .dataCorrupted(let context):
            self.init(origin: origin, field: path(context.codingPath),
                      problem: "not valid JSON: \(context.debugDescription)")
        @unknown default:
            self.init(origin: origin, field: "", problem: "\(error)")
        }
    }
}
