/// What a command accepts: the single source of truth for both parsing and its help text.
public struct CommandSpec: Sendable {
    public var name: String
    public var abstract: String
    public var discussion: String
    public var options: [OptionSpec]
    public var positionals: [PositionalSpec]
    /// Extra usage lines (for commands with sub-modes, e.g. `bench infer|env|...`); shown verbatim.
    public var usageLines: [String]

    public init(name: String, abstract: String, discussion: String = "", options: [OptionSpec] = [],
                positionals: [PositionalSpec] = [], usageLines: [String] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.usageLines = usageLines
    }

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// One `--name value` option or `--name` flag.
public struct OptionSpec: Sendable {
    public var name: String
    /// Placeholder shown in help (`--weights <W.h5>`); `nil` makes this a flag that takes no value.
    public var valueName: String?
    public var help: String
    public var isRequired: Bool
    public var defaultValue: String?

    public var isFlag: Bool { valueName == nil }

    public static func value(_ name: String, _ valueName: String, _ help: String, required: Bool = false,
                             default defaultValue: String? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, isRequired: required, defaultValue: defaultValue)
    }

    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, isRequired: false, defaultValue: nil)
    }
}

/// A positional argument (`tandem inspect FILE.h5`).
public struct PositionalSpec: Sendable {
    public var name: String
    public var help: String
    public var isRequired: Bool

    public init(name: String, help: String, isRequired: Bool = true) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
    }
}
