/// JSON text that is not valid: what was expected and the byte offset where parsing stopped.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let problem: String

    public var description: String { "\(problem) at byte \(offset)" }
}
