import Foundation
import HDF5
import Testing
import TestSupport

/// Bad files give one precise error naming the file and the problem; good files open read-only or writable.
@Suite struct FileOpeningTests {
    /// A small valid file, as bytes.
    static func validFileBytes(in folder: TemporaryDirectory) throws -> Data {
        let path = folder.file("valid.h5").path
        try HDF5File.writeAtomically(to: path) { root in
            try root.write("w", [Float](repeating: 0.5, count: 1000), shape: [10, 100])
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func openError(_ path: String) -> HDF5Error? {
        #expect(throws: HDF5Error.self) { try HDF5File.open(path) }
    }

    @Test func missingFile() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("absent.h5").path
        let error = try #require(openError(path))
        #expect(error.description == "\(path): opening file: no such file")
    }

    @Test func emptyFile() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("empty.h5").path
        try Data().write(to: URL(fileURLWithPath: path))
        let error = try #require(openError(path))
        #expect(error.description == "\(path): opening file: empty file (0 bytes), not an HDF5 file")
    }

    @Test func nonHDF5File() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("text.h5").path
        try Data(String(repeating: "latency_ms,energy_j\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(openError(path))
        #expect(error.file == path)
        #expect(error.reason.hasPrefix("not an HDF5 file (2000 bytes, no HDF5 signature"))
    }

    @Test func directory() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let error = try #require(openError(folder.path))
        #expect(error.reason == "is a directory, not an HDF5 file")
    }

    @Test func truncatedFiles() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let bytes = try Self.validFileBytes(in: folder)
        #expect(bytes.count > 4000)
        for keep in [8, 20, 200, bytes.count / 2, bytes.count - 1] {
            let path = folder.file("cut-\(keep).h5").path
            try bytes.prefix(keep).write(to: URL(fileURLWithPath: path))
            let error = try #require(openError(path), "kept \(keep) bytes")
            #expect(error.file == path)
            #expect(error.reason.hasPrefix("truncated HDF5 file"), "kept \(keep) bytes: \(error)")
        }
        // The whole file still opens, so the check is not merely rejecting everything.
        let whole = folder.file("whole.h5").path
        try bytes.write(to: URL(fileURLWithPath: whole))
        #expect(try HDF5File.open(whole).root.datasetShape("w") == [10, 100])
    }

    @Test func userBlockSignatureIsFoundAt512() throws {
        // An HDF5 file may start after a user block (signature at 512, 1024, ...); libhdf5 and h5py accept it.
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("userblock.h5").path
        let file = try HDF5File.create(path)
        try file.root.write("x", [Int32(7)], shape: [1])
        try file.close()
        // A user block of 512 bytes in front: the signature is then found at byte 512.
        var shifted = Data(repeating: 0x20, count: 512)
        shifted.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        let shiftedPath = folder.file("shifted.h5").path
        try shifted.write(to: URL(fileURLWithPath: shiftedPath))
        #expect(try HDF5File.open(shiftedPath).root.read("x", as: Int32.self).values == [7])
        // The same user block in front of a truncated file is still reported as truncated.
        let cutPath = folder.file("shifted-cut.h5").path
        try shifted.prefix(shifted.count - 100).write(to: URL(fileURLWithPath: cutPath))
        let error = try #require(openError(cutPath))
        #expect(error.reason.hasPrefix("truncated HDF5 file"), "\(error)")
    }

    @Test func damagedContentCarriesLibhdf5Message() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        var bytes = try Self.validFileBytes(in: folder)
        // Keep the superblock (first 96 bytes) intact and scribble over the object headers behind it.
        for index in 96 ..< min(bytes.count, 2048) { bytes[index] = 0xA5 }
        let path = folder.file("damaged.h5").path
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            let file = try HDF5File.open(path)
            let error = #expect(throws: HDF5Error.self) { try file.root.readFloats("w") }
            #expect(error?.libraryMessage?.isEmpty == false, "\(String(describing: error))")
            #expect(error?.file == path)
        } catch {
            #expect(error.libraryMessage?.isEmpty == false, "\(error)")
            #expect(error.file == path)
        }
    }

    @Test func readOnlyFileRefusesWrites() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("ro.h5").path
        try HDF5File.create(path).close()
        let readOnly = try HDF5File.open(path)
        #expect(!readOnly.isWritable)
        let error = #expect(throws: HDF5Error.self) { try readOnly.root.write("x", [Float(1)], shape: [1]) }
        #expect(error?.libraryMessage != nil, "libhdf5's own reason is carried")
        try readOnly.close()

        let writable = try HDF5File.open(path, writable: true)
        try writable.root.write("x", [Float(1)], shape: [1])
        try writable.close()
        #expect(try HDF5File.open(path).root.readFloats("x") == [1])
    }

    @Test func closedFileSaysSo() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("c.h5").path
        let file = try HDF5File.create(path)
        let root = file.root
        try file.close()
        try file.close()  // idempotent
        #expect(!file.isOpen)
        let error = #expect(throws: HDF5Error.self) { try root.children() }
        #expect(error?.reason == "the file is closed")
        #expect(!root.contains("anything"))
    }

    @Test func createInMissingFolder() throws {
        let folder = try TemporaryDirectory("hdf5-open")
        let path = folder.file("no/such/folder/x.h5").path
        let error = #expect(throws: HDF5Error.self) { try HDF5File.create(path) }
        #expect(error?.reason == "the folder \(folder.path)/no/such/folder does not exist")
    }
}
