/// Parses `--key value`, `--key=value`, flags, `--` and positionals against a `CommandSpec`.
public enum ArgumentParser {
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        var index = 0
        var onlyPositionalsFollow = false

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionalsFollow || !argument.hasPrefix("--") || argument == "-" {
                if argument == "--" && !onlyPositionalsFollow { onlyPositionalsFollow = true; continue }
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionalsFollow = true; continue }
            let body = argument.dropFirst(2)
            let name: String
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            guard let option = spec.option(named: name) else { throw .unknownOption("--" + name) }
            if option.isFlag {
                if inlineValue != nil { throw .flagTakesNoValue(option: name) }
                flags.insert(name)
                continue
            }
            if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw .missingValue(option: name)
                }
                values[name] = arguments[index]
                index += 1
            }
        }

        for option in spec.options where !option.isFlag {
            if values[option.name] == nil, let fallback = option.defaultValue { values[option.name] = fallback }
            if option.isRequired && values[option.name] == nil { throw .missingRequired(option: option.name) }
        }
        let requiredCount = spec.positionals.filter(\.isRequired).count
        if positionals.count < requiredCount {
            throw .missingPositional(name: spec.positionals[positionals.count].name)
        }
        if positionals.count > spec.positionals.count {
            throw .unexpectedArgument(positionals[spec.positionals.count])
        }
        return ParsedArguments(commandName: spec.name, values: values, flags: flags, positionals: positionals)
    }
}
