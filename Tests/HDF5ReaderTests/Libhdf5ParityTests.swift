import Foundation
import HDF5
import HDF5Reader
import Testing
import TestSupport

/// Files written through libhdf5 by Tandem's `HDF5` module read the same through the pure-Swift reader.
@Suite struct Libhdf5ParityTests {
    /// Every element type, shape and attribute kind the `HDF5` module writes, nested groups and a group large enough
    /// for a multi-level B-tree.
    static func writeSample(_ path: String, groupSize: Int = 700) throws {
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", "sample")
            try root.setAttribute("unicode", "größe µs ✓")
            try root.setAttribute("empty", "")
            try root.setAttribute("names", ["alpha", "", "γ"])
            try root.setAttribute("count", -42)
            try root.setAttribute("counts", [1, 2, Int.max, Int.min])
            try root.setAttribute("ratio", 0.1)
            try root.setAttribute("ratios", [1.5, -.infinity, 3e300])
            _ = try root.write("f32", [Float](arrayLiteral: 1.5, -2, .pi, Float(bitPattern: 0x0001_1234), .greatestFiniteMagnitude, -0.0), shape: [2, 3])
            _ = try root.write("f64", [0.1, -1e308, 4, 5], shape: [4])
            _ = try root.write("i32", [Int32](arrayLiteral: .min, 0, .max), shape: [3])
            _ = try root.write("i64", scalar: Int64(-7))
            _ = try root.write("u8", [UInt8](arrayLiteral: 0, 1, 254, 255, 7), shape: [5])
            _ = try root.write("empty", [Float](), shape: [0])
            _ = try root.write("cube", (0 ..< 24).map { Double($0) / 7 }, shape: [2, 3, 4])
            let strings = try root.writeStrings("strings", ["a", "", "ünïcode", String(repeating: "x", count: 300)])
            try strings.setAttribute("unit", "none")
            try strings.setAttribute("scale", [2.0])
            _ = try root.writeString("one", "single string")
            let nested = try root.createGroup("a/b/c")
            try nested.setAttribute("depth", 3)
            _ = try nested.write("leaf", [1, 2, 3], shape: [3])
            let many = try root.createGroup("many")
            for index in 0 ..< groupSize {
                _ = try many.write("blocks.\(index).conv.weight", [Float(index), Float(-index)], shape: [2])
            }
        }
    }

    @Test func everyTypeShapeAndAttributeReadsAsLibhdf5ReadsIt() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("sample.h5").path
        try Self.writeSample(path)
        let expected = try TreeDump.libhdf5(path)
        let found = try TreeDump.reader(path)
        #expect(found.count == expected.count)
        for (line, reference) in zip(found, expected) where line != reference {
            Issue.record("reader: \(line)\nlibhdf5: \(reference)")
        }
        // The large group really spans several B-tree levels' worth of symbol-table nodes (8 links per node).
        #expect(try HDF5ReadOnlyFile.open(path).root.group("many").childNames.count == 700)
    }

    @Test func typedAccessorsReturnWhatWasWritten() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("sample.h5").path
        try Self.writeSample(path, groupSize: 3)
        let root = try HDF5ReadOnlyFile.open(path).root
        #expect(try root.stringAttribute("unicode") == "größe µs ✓")
        #expect(try root.stringsAttribute("names") == ["alpha", "", "γ"])
        #expect(try root.intAttribute("count") == -42)
        #expect(try root.intsAttribute("counts") == [1, 2, Int.max, Int.min])
        #expect(try root.doubleAttribute("ratio") == 0.1)
        #expect(try root.doubleAttribute("count") == -42)
        #expect(try root.stringAttribute("absent") == nil)
        let f32 = try root.read("f32", as: Float.self)
        #expect(f32.shape == [2, 3])
        #expect(f32.values.map(\.bitPattern) == [1.5, -2, .pi, Float(bitPattern: 0x0001_1234), .greatestFiniteMagnitude, -0.0].map { Float($0).bitPattern })
        #expect(try root.read("i32", as: Int.self).values == [Int(Int32.min), 0, Int(Int32.max)])
        #expect(try root.read("i64", as: Int.self) == HDF5ReadOnlyArray(shape: [], values: [-7]))
        #expect(try root.read("u8", as: Float.self).values == [0, 1, 254, 255, 7])
        #expect(try root.read("empty", as: Float.self) == HDF5ReadOnlyArray(shape: [0], values: []))
        #expect(try root.readStrings("one") == ["single string"])
        #expect(root.contains("a/b/c/leaf"))
        #expect(!root.contains("a/b/x"))
        #expect(!root.contains("f32/x"))
        #expect(try root.group("a").group("b/c").intAttribute("depth") == 3)
        #expect(try root.dataset("strings").stringAttribute("unit") == "none")
    }

    @Test func wrongKindsAndTypesAreTypedErrors() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("sample.h5").path
        try Self.writeSample(path, groupSize: 3)
        let root = try HDF5ReadOnlyFile.open(path).root
        #expect(throws: HDF5ReadError.self) { try root.read("f32", as: Int.self) }
        #expect(throws: HDF5ReadError.self) { try root.readStrings("f64") }
        #expect(throws: HDF5ReadError.self) { try root.read("strings", as: Double.self) }
        #expect(throws: HDF5ReadError.self) { try root.group("f32") }
        #expect(throws: HDF5ReadError.self) { try root.dataset("a") }
        #expect(throws: HDF5ReadError.self) { try root.intAttribute("format") }
        do {
            _ = try root.dataset("a/b/nothing")
            Issue.record("a missing dataset opened")
        } catch {
            #expect(error.kind == .missing)
            #expect(error.description.contains(path) && error.description.contains("/a/b/nothing"))
        }
    }

    @Test func shippedPoliciesReadAsLibhdf5ReadsThem() throws {
        let folder = SharedData.repositoryRoot.appendingPathComponent("Policies")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".h5") }.sorted()
        #expect(names.count >= 2)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            #expect(try TreeDump.reader(path) == TreeDump.libhdf5(path), "\(name)")
        }
    }
}
