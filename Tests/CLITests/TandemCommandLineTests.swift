import ArgumentParsing
import Foundation
@testable import tandem
import Testing
import TestSupport

/// The built `tandem` run as a real process: help, version, usage errors and both option spellings.
@Suite struct TandemCommandLineTests {
    @Test func helpListsEverySubcommand() throws {
        let result = try Executables.run("tandem", ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: "))
        #expect(result.stdout.contains("SUBCOMMANDS:"))
        for command in CommandRegistry.all {
            #expect(result.stdout.contains("\n  \(command.spec.name) "), "missing \(command.spec.name)")
        }
        #expect(result.stdout.contains("inspect"))
        #expect(try Executables.run("tandem", ["-h"]).stdout == result.stdout)
        #expect(try Executables.run("tandem", ["help"]).stdout == result.stdout)
        #expect(result.stderr.isEmpty)
    }

    @Test func helpForOneSubcommand() throws {
        let result = try Executables.run("tandem", ["help", "inspect"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: Print the tree of an HDF5 file"))
        #expect(result.stdout.contains("USAGE: tandem inspect [--values] [--max-elements <n>] <file>"))
        #expect(result.stdout.contains("ARGUMENTS:"))
        #expect(try Executables.run("tandem", ["inspect", "--help"]).stdout == result.stdout)
    }

    @Test func version() throws {
        let result = try Executables.run("tandem", ["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == TandemVersion.string + "\n")
        #expect(result.stdout.split(separator: ".").count == 3, "semantic version")
    }

    @Test func usageErrorsExit64AndNameTheProblem() throws {
        let cases: [([String], String)] = [
            ([], "missing subcommand"),
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["help", "frobnicate"], "unknown command 'frobnicate'"),
            (["inspect"], "missing argument <file>"),
            (["inspect", "--bogus", "x.h5"], "unknown option '--bogus'"),
            (["inspect", "x.h5", "--max-elements"], "missing value for '--max-elements'"),
            (["inspect", "--max-elements=many", "x.h5"], "invalid value 'many' for '--max-elements': expected an integer"),
            (["inspect", "--values=yes", "x.h5"], "'--values' is a flag and takes no value"),
            (["inspect", "a.h5", "b.h5"], "unexpected argument 'b.h5'"),
        ]
        for (arguments, problem) in cases {
            let result = try Executables.run("tandem", arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains("error: \(problem)"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("USAGE:") || result.stderr.contains("USAGE: tandem"), "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test func spacedAndEqualsOptionsGiveTheSameResult() throws {
        let folder = try TemporaryDirectory("cli-options")
        let path = folder.file("x.h5").path
        try InspectFixtures.writeKnownFile(path)
        let spaced = try Executables.run("tandem", ["inspect", "--max-elements", "3", "--values", path])
        let equals = try Executables.run("tandem", ["inspect", "--max-elements=3", path, "--values"])
        #expect(spaced.status == 0)
        #expect(spaced.stdout == equals.stdout)
        #expect(spaced.stdout.contains("[0.5, 1.0, 1.5, …] (6 values)"), "\(spaced.stdout)")
    }
}
