/// The result of parsing: option values, flags and positionals, with typed accessors that throw `UsageError`.
public struct ParsedArguments: Sendable {
    public let commandName: String
    var values: [String: String]
    var flags: Set<String>
    public let positionals: [String]

    init(commandName: String, values: [String: String], flags: Set<String>, positionals: [String]) {
        self.commandName = commandName
        self.values = values
        self.flags = flags
        self.positionals = positionals
    }

    /// The option's value (or its default), `nil` when absent.
    public func string(_ name: String) -> String? { values[name] }

    public func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name] else { throw .missingRequired(option: name) }
        return value
    }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    public func int(_ name: String) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else { throw .invalidValue(option: name, value: text, expected: "an integer") }
        return value
    }

    public func double(_ name: String) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw .invalidValue(option: name, value: text, expected: "a finite number")
        }
        return value
    }

    /// The value, which must be one of `choices`.
    public func choice(_ name: String, in choices: [String]) throws(UsageError) -> String? {
        guard let text = values[name] else { return nil }
        guard choices.contains(text) else {
            throw .invalidValue(option: name, value: text, expected: "one of " + choices.joined(separator: ", "))
        }
        return text
    }

    /// A comma-separated list (`--baselines schedutil,ondemand`), empty items dropped.
    public func list(_ name: String) -> [String]? {
        values[name].map { $0.split(separator: ",").map { String($0) }.filter { !$0.isEmpty } }
    }
}
