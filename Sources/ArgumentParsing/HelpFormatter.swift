/// Help text in swift-argument-parser's layout: OVERVIEW, USAGE, ARGUMENTS, OPTIONS (and SUBCOMMANDS for a root).
public enum HelpFormatter {
    static let helpColumn = 28

    public static func usage(_ spec: CommandSpec, program: String) -> String {
        if !spec.usageLines.isEmpty {
            return spec.usageLines.map { "\(program) \($0)" }.joined(separator: "\n       ")
        }
        var parts = ["\(program) \(spec.name)"]
        for option in spec.options {
            let text = option.isFlag ? "--\(option.name)" : "--\(option.name) <\(option.valueName ?? "value")>"
            parts.append(option.isRequired ? text : "[\(text)]")
        }
        for positional in spec.positionals {
            parts.append(positional.isRequired ? "<\(positional.name)>" : "[<\(positional.name)>]")
        }
        return parts.joined(separator: " ")
    }

    public static func help(_ spec: CommandSpec, program: String) -> String {
        var lines = ["OVERVIEW: \(spec.abstract)"]
        if !spec.discussion.isEmpty { lines += ["", spec.discussion] }
        lines += ["", "USAGE: \(usage(spec, program: program))"]
        if !spec.positionals.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += spec.positionals.map { row("<\($0.name)>", $0.help) }
        }
        lines += ["", "OPTIONS:"]
        for option in spec.options {
            let left = option.isFlag ? "--\(option.name)" : "--\(option.name) <\(option.valueName ?? "value")>"
            var help = option.help
            if let fallback = option.defaultValue { help += " (default: \(fallback))" }
            lines.append(row(left, help))
        }
        lines.append(row("-h, --help", "Show help information."))
        return lines.joined(separator: "\n")
    }

    public static func rootHelp(program: String, abstract: String, version: String, commands: [CommandSpec]) -> String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(program) <subcommand>", "", "OPTIONS:"]
        lines.append(row("--version", "Show the version (\(version))."))
        lines.append(row("-h, --help", "Show help information."))
        lines += ["", "SUBCOMMANDS:"]
        lines += commands.map { row($0.name, $0.abstract) }
        lines += ["", "  See '\(program) help <subcommand>' for detailed help."]
        return lines.joined(separator: "\n")
    }

    static func row(_ left: String, _ right: String) -> String {
        let indented = "  " + left
        if indented.count + 2 <= helpColumn {
            return indented + String(repeating: " ", count: helpColumn - indented.count) + right
        }
        return indented + "\n" + String(repeating: " ", count: helpColumn) + right
    }
}
