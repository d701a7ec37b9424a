import Foundation
import HDF5
import Testing
import TestSupport

/// `writeAtomically` replaces a file only when the whole body succeeded and never leaves a temporary behind.
@Suite struct AtomicWriteTests {
    struct BodyFailed: Error {}

    func folderEntries(_ folder: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func successReplacesTheFile() throws {
        let folder = try TemporaryDirectory("hdf5-atomic")
        let path = folder.file("out.h5").path
        try HDF5File.writeAtomically(to: path) { try $0.write("v", [Int32(1)], shape: [1]) }
        try HDF5File.writeAtomically(to: path) { try $0.write("v", [Int32(2)], shape: [1]) }
        #expect(try HDF5File.open(path).root.read("v", as: Int32.self).values == [2])
        #expect(try folderEntries(folder) == ["out.h5"])
    }

    @Test func throwingBodyLeavesTheOldFileIntact() throws {
        let folder = try TemporaryDirectory("hdf5-atomic")
        let path = folder.file("out.h5").path
        try HDF5File.writeAtomically(to: path) { try $0.write("v", [Int32(1)], shape: [1]) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: BodyFailed.self) {
            try HDF5File.writeAtomically(to: path) { root in
                try root.write("v", [Int32(99)], shape: [1])
                throw BodyFailed()
            }
        }
        // An HDF5 failure inside the body behaves the same way.
        #expect(throws: HDF5Error.self) {
            try HDF5File.writeAtomically(to: path) { root in
                try root.write("v", [Int32(99)], shape: [5])
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try HDF5File.open(path).root.read("v", as: Int32.self).values == [1])
        #expect(try folderEntries(folder) == ["out.h5"], "no temporary file left behind")
    }

    @Test func throwingBodyCreatesNothingWhenThereWasNoFile() throws {
        let folder = try TemporaryDirectory("hdf5-atomic")
        let path = folder.file("new.h5").path
        #expect(throws: BodyFailed.self) {
            try HDF5File.writeAtomically(to: path) { _ in throw BodyFailed() }
        }
        #expect(try folderEntries(folder) == [])
    }

    @Test func missingFolderIsNamed() throws {
        let folder = try TemporaryDirectory("hdf5-atomic")
        let error = #expect(throws: HDF5Error.self) {
            try HDF5File.writeAtomically(to: folder.file("absent/out.h5").path) { _ in }
        }
        #expect(error?.reason.contains("absent does not exist") == true)
    }
}
