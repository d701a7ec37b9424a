import Foundation
import HDF5Reader
import Testing
import TestSupport

/// Truncated and corrupted files give typed errors, never a crash (a crash would end the test process).
@Suite struct DamagedFileTests {
    /// The sample file with a 12-link group (dense link storage: fractal heap and B-tree).
    static func sampleBytes(groupSize: Int = 12) throws -> [UInt8] {
        let folder = try TemporaryDirectory()
        let path = folder.file("sample.h5").path
        try Libhdf5ParityTests.writeSample(path, groupSize: groupSize)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Opens `bytes` and reads everything; returns the error kind (nil when it reads).
    static func outcome(_ bytes: [UInt8]) -> HDF5ReadError.Kind? {
        do {
            _ = try TreeDump.reader(HDF5ReadOnlyFile(bytes: bytes, path: "damaged.h5"))
            return nil
        } catch let error as HDF5ReadError {
            return error.kind
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    @Test func truncationAtEveryOffsetIsATypedError() throws {
        let bytes = try Self.sampleBytes()
        for cut in stride(from: 0, to: bytes.count, by: 13) {
            let kind = Self.outcome(Array(bytes.prefix(cut)))
            #expect(kind == .truncated || kind == .notHDF5, "cut at \(cut): \(String(describing: kind))")
        }
    }

    /// A cut file whose superblock is patched to claim the cut size: the reader must find the damage inside.
    @Test func truncationBehindAPatchedSuperblockIsATypedError() throws {
        let bytes = try Self.sampleBytes()
        var failures = 0
        let cuts = Array(stride(from: 100, to: bytes.count, by: 29))
        for cut in cuts {
            var cutBytes = Array(bytes.prefix(cut))
            // Superblock v0: the end-of-file address is the third 8-byte address after byte 24.
            for index in 0 ..< 8 { cutBytes[40 + index] = UInt8(truncatingIfNeeded: UInt64(cut) >> (8 * UInt64(index))) }
            if Self.outcome(cutBytes) != nil { failures += 1 }
        }
        // Nearly every cut removes something the tree needs (the last few bytes may be padding).
        #expect(failures >= cuts.count * 9 / 10)
    }

    @Test func corruptingAnyByteIsATypedErrorOrAValidRead() throws {
        let bytes = try Self.sampleBytes()
        var errors = 0
        // Every third byte (the structures are all longer than three bytes, so each one is hit), two patterns.
        for position in stride(from: 0, to: bytes.count, by: 3) {
            for pattern: UInt8 in position % 2 == 0 ? [0xFF] : [0x01] {
                var damaged = bytes
                damaged[position] ^= pattern
                if Self.outcome(damaged) != nil { errors += 1 }
            }
        }
        #expect(errors > 0)
        // Damage to a structure's signature is always detected. (Not checked: TREE and HEAP — libhdf5 leaves the
        // empty symbol table a group was created with when its first UTF-8 link turns it into a new-style group.)
        let signatures = ["SNOD", "GCOL", "FRHP", "FHDB", "FHIB", "BTHD", "BTLF", "BTIN"].map { Array($0.utf8) }
        var checked = 0
        for position in 0 ..< bytes.count - 4 where signatures.contains(where: { bytes[position ..< position + 4].elementsEqual($0) }) {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(Self.outcome(damaged) == .corrupt, "signature \(String(decoding: bytes[position ..< position + 4], as: UTF8.self)) at \(position)")
            checked += 1
        }
        #expect(checked >= 4)
        var badMagic = bytes
        badMagic[1] = 0
        #expect(Self.outcome(badMagic) == .notHDF5)
    }
}
