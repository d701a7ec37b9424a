import ArgumentParsing
import Testing

/// The parser over plain `[String]` inputs, against a spec with every kind of option and positional.
@Suite struct ArgumentParserTests {
    static let spec = CommandSpec(
        name: "train",
        abstract: "A command with every kind of argument.",
        options: [
            .value("steps", "n", "Training steps.", required: true),
            .value("seed", "n", "Random seed.", default: "7"),
            .value("scenario", "name", "Scenario."),
            .value("baselines", "list", "Comma-separated governors."),
            .flag("json", "Print JSON."),
            .flag("quick", "Be quick."),
        ],
        positionals: [
            PositionalSpec(name: "input", help: "Input file."),
            PositionalSpec(name: "output", help: "Output file.", isRequired: false),
        ])

    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        try ArgumentParser.parse(arguments, spec: Self.spec)
    }

    func failure(_ arguments: [String]) -> UsageError? {
        do {
            _ = try parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func spaceAndEqualsFormsAgree() throws {
        let spaced = try parse(["--steps", "100", "--scenario", "mixed", "in.h5"])
        let equals = try parse(["--steps=100", "--scenario=mixed", "in.h5"])
        for parsed in [spaced, equals] {
            #expect(try parsed.required("steps") == "100")
            #expect(try parsed.int("steps") == 100)
            #expect(parsed.string("scenario") == "mixed")
            #expect(parsed.positionals == ["in.h5"])
        }
    }

    @Test func equalsKeepsEverythingAfterTheFirstEqualsSign() throws {
        let parsed = try parse(["--steps=1", "--scenario=a=b", "x"])
        #expect(parsed.string("scenario") == "a=b")
        #expect(try parse(["--steps=1", "--scenario=", "x"]).string("scenario") == "")
    }

    @Test func valuesMayLookLikeNegativeNumbersOrDash() throws {
        let parsed = try parse(["--steps", "-5", "--scenario", "-", "-"])
        #expect(try parsed.int("steps") == -5)
        #expect(parsed.string("scenario") == "-")
        #expect(parsed.positionals == ["-"])
    }

    @Test func flags() throws {
        let parsed = try parse(["--json", "--steps", "1", "a", "--quick"])
        #expect(parsed.flag("json"))
        #expect(parsed.flag("quick"))
        #expect(!(try parse(["--steps", "1", "a"]).flag("json")))
        #expect(failure(["--json=yes", "--steps", "1", "a"]) == .flagTakesNoValue(option: "json"))
    }

    @Test func defaultsAndAbsentOptions() throws {
        let parsed = try parse(["--steps", "1", "a"])
        #expect(try parsed.int("seed") == 7, "default applies")
        #expect(try parse(["--seed", "9", "--steps", "1", "a"]).int("seed") == 9, "given value wins")
        #expect(parsed.string("scenario") == nil)
        #expect(parsed.list("baselines") == nil)
    }

    @Test func lastOccurrenceWins() throws {
        #expect(try parse(["--steps", "1", "--steps=2", "a"]).int("steps") == 2)
    }

    @Test func positionalsAndDoubleDash() throws {
        #expect(try parse(["--steps", "1", "in", "out"]).positionals == ["in", "out"])
        let afterDash = try parse(["--steps", "1", "--", "--json", "out"])
        #expect(afterDash.positionals == ["--json", "out"], "after -- everything is positional")
        #expect(!afterDash.flag("json"))
        #expect(failure(["--steps", "1", "a", "b", "c"]) == .unexpectedArgument("c"))
        #expect(failure(["--steps", "1"]) == .missingPositional(name: "input"))
    }

    @Test func mistakesAreNamed() {
        #expect(failure(["--stepz", "1", "a"]) == .unknownOption("--stepz"))
        #expect(failure(["--steps=1", "--bogus=3", "a"]) == .unknownOption("--bogus"))
        #expect(failure(["a", "--steps"]) == .missingValue(option: "steps"))
        #expect(failure(["--steps", "--json", "a"]) == .missingValue(option: "steps"), "an option is not a value")
        #expect(failure(["a"]) == .missingRequired(option: "steps"))
        #expect(failure(["a"])?.description == "missing required option '--steps'")
        #expect(failure(["--stepz", "1", "a"])?.description == "unknown option '--stepz'")
    }

    @Test func typedAccessorsRejectBadValues() throws {
        let parsed = try parse(["--steps", "ten", "--seed", "nan", "--scenario", "x", "--baselines", "a,,b,", "in"])
        #expect(throws: UsageError.invalidValue(option: "steps", value: "ten", expected: "an integer")) {
            try parsed.int("steps")
        }
        #expect(throws: UsageError.invalidValue(option: "seed", value: "nan", expected: "a finite number")) {
            try parsed.double("seed")
        }
        #expect(throws: UsageError.self) { try parsed.choice("scenario", in: ["mixed", "steady"]) }
        #expect(try parse(["--steps", "1", "--scenario", "steady", "a"]).choice("scenario", in: ["mixed", "steady"]) == "steady")
        #expect(parsed.list("baselines") == ["a", "b"])
        #expect(UsageError.exitCode == 64)
    }

    @Test func usageAndHelpComeFromTheSpec() {
        let usage = HelpFormatter.usage(Self.spec, program: "tandem")
        #expect(usage == "tandem train --steps <n> [--seed <n>] [--scenario <name>] [--baselines <list>] [--json] [--quick] <input> [<output>]")
        let help = HelpFormatter.help(Self.spec, program: "tandem")
        #expect(help.hasPrefix("OVERVIEW: A command with every kind of argument.\n"))
        #expect(help.contains("USAGE: " + usage))
        #expect(help.contains("ARGUMENTS:\n  <input>"))
        #expect(help.contains("Random seed. (default: 7)"))
        #expect(help.contains("-h, --help"))
    }
}
