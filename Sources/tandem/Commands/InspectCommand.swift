import ArgumentParsing
import HDF5

/// `tandem inspect FILE.h5`: the tree of any HDF5 file, readable by eye.
enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Print the tree of an HDF5 file: groups, datasets (dtype, shape) and attributes.",
        discussion: """
            Works on any HDF5 file (weights, profiles, libraries, policies, results, training logs, files from h5py). \
            Long strings and arrays are abbreviated. A missing, empty, truncated or non-HDF5 file is reported in \
            one line and the command exits with status 1.
            """,
        options: [
            .flag("values", "Also print the first values of every dataset."),
            .value("max-elements", "n", "Array elements shown before abbreviating.", default: "8"),
        ],
        positionals: [PositionalSpec(name: "file", help: "The HDF5 file to describe.")])

    /// Some objects of an otherwise readable file could not be read (they are marked in the printed tree).
    struct UnreadableObjects: Error, CustomStringConvertible {
        let file: String
        let problems: [HDF5Error]
        var description: String {
            let first = problems.first.map { ": first: \($0)" } ?? ""
            return "\(file): \(problems.count) object(s) could not be read\(first)"
        }
    }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let path = arguments.positionals.first else { throw UsageError.missingPositional(name: "file") }
        let maxElements = try arguments.int("max-elements") ?? 8
        guard maxElements > 0 else {
            throw UsageError.invalidValue(option: "max-elements", value: String(maxElements), expected: "a positive integer")
        }
        let file = try HDF5File.open(path)
        let outline = HDF5Outline.describe(
            file, options: HDF5Outline.Options(showValues: arguments.flag("values"), maxElements: maxElements))
        print(path)
        for line in outline.lines { print(line) }
        try file.close()
        if !outline.problems.isEmpty { throw UnreadableObjects(file: path, problems: outline.problems) }
        return 0
    }
}
