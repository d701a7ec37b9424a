import Foundation
import Testing
import TestSupport

/// `tandem inspect` as a process: the exact tree of a known file, and one clean line for every kind of bad file.
@Suite struct InspectCommandTests {
    @Test func printsTheTreeOfAKnownFile() throws {
        let folder = try TemporaryDirectory("cli-inspect")
        let path = folder.file("known.h5").path
        try InspectFixtures.writeKnownFile(path)
        let result = try Executables.run("tandem", ["inspect", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == path + "\n" + InspectFixtures.outline)
        #expect(result.stderr.isEmpty)
    }

    @Test func valuesAreShownOnRequest() throws {
        let folder = try TemporaryDirectory("cli-inspect")
        let path = folder.file("known.h5").path
        try InspectFixtures.writeKnownFile(path)
        let result = try Executables.run("tandem", ["inspect", "--values", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("      steps  int64 scalar\n        = 42\n"))
        #expect(result.stdout.contains("      weight  float32 [2, 3]\n        = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]\n"))
        #expect(result.stdout.contains("  config  string scalar\n    = \"" + String(repeating: "x", count: 120) + "…\" (200 characters)\n"))
    }

    /// Bad input: exit 1, nothing on stdout, exactly one line on stderr naming the file and the problem.
    func expectOneCleanLine(_ path: String, _ problem: String) throws {
        let result = try Executables.run("tandem", ["inspect", path])
        #expect(result.status == 1, "\(path)")
        #expect(result.stdout.isEmpty, "\(path): \(result.stdout)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(result.stderr)")
        #expect(result.stderr.hasPrefix("tandem inspect: error: \(path): opening file: \(problem)"), "\(result.stderr)")
        #expect(!result.stderr.contains("HDF5-DIAG"), "no libhdf5 error stack")
    }

    @Test func badFiles() throws {
        let folder = try TemporaryDirectory("cli-inspect")
        try expectOneCleanLine(folder.file("missing.h5").path, "no such file")

        let empty = folder.file("empty.h5")
        try Data().write(to: empty)
        try expectOneCleanLine(empty.path, "empty file (0 bytes)")

        let text = folder.file("notes.h5")
        try Data("not hdf5 at all\n".utf8).write(to: text)
        try expectOneCleanLine(text.path, "not an HDF5 file")

        let whole = folder.file("whole.h5")
        try InspectFixtures.writeKnownFile(whole.path)
        let bytes = try Data(contentsOf: whole)
        let truncated = folder.file("truncated.h5")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        try expectOneCleanLine(truncated.path, "truncated HDF5 file: \(bytes.count / 2) bytes, but its superblock says \(bytes.count)")

        try expectOneCleanLine(folder.path, "is a directory")
    }

    @Test func damagedInsideGivesOneLineWithoutLibraryNoise() throws {
        let folder = try TemporaryDirectory("cli-inspect")
        let path = folder.file("damaged.h5")
        try InspectFixtures.writeKnownFile(path.path)
        var bytes = try Data(contentsOf: path)
        for index in 96 ..< bytes.count { bytes[index] = 0xA5 }  // superblock intact, everything behind it garbage
        try bytes.write(to: path)
        let result = try Executables.run("tandem", ["inspect", path.path])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("tandem inspect: error: \(path.path)"), "\(result.stderr)")
        #expect(result.stderr.contains("opening file: libhdf5 cannot open it (libhdf5: "), "\(result.stderr)")
        #expect(!result.stderr.contains("HDF5-DIAG"))
    }
}
