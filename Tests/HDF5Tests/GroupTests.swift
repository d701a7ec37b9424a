import Foundation
import HDF5
import Testing
import TestSupport

/// Nested groups, listing, kinds, shapes without data, replacing and removing.
@Suite struct GroupTests {
    @Test func nestedGroupsAndListing() throws {
        let folder = try TemporaryDirectory("hdf5-groups")
        let path = folder.file("g.h5").path
        do {
            let file = try HDF5File.create(path)
            let deep = try file.root.createGroup("a/b/c")
            #expect(deep.path == "/a/b/c")
            #expect(deep.name == "c")
            try deep.write("w", [Float](repeating: 1, count: 6), shape: [2, 3])
            try file.root.write("z/x", [Int32(5)], shape: [1])  // intermediate group created by a dataset write
            try file.root.createGroup("a")  // already there: returned, not an error
            try file.root.group("a").createGroup("e")
            try file.close()
        }
        let file = try HDF5File.open(path)
        let root = file.root
        #expect(try root.children() == ["a", "z"])
        #expect(try root.group("a").children() == ["b", "e"])
        #expect(try root.group("a/b/c").children() == ["w"])
        #expect(try root.kind(of: "a/b") == .group)
        #expect(try root.kind(of: "a/b/c/w") == .dataset)
        #expect(root.contains("a/b/c/w"))
        #expect(root.contains("/z/x"))
        #expect(!root.contains("a/b/nothing"))
        #expect(!root.contains("a/b/c/w/below-a-dataset"))
        #expect(!root.contains("nothing/at/all"))
        #expect(try root.group("a").datasetShape("b/c/w") == [2, 3])
        #expect(try root.datasetElementType("z/x") == .int32)

        let notGroup = #expect(throws: HDF5Error.self) { try root.group("a/b/c/w") }
        #expect(notGroup?.reason == "is a dataset, not a group")
        let missing = #expect(throws: HDF5Error.self) { try root.dataset("a/missing") }
        #expect(missing?.object == "/a/missing")
        #expect(missing?.description == "\(path): opening dataset '/a/missing': no such object")
    }

    @Test func childrenAreSortedWhateverTheCreationOrder() throws {
        let folder = try TemporaryDirectory("hdf5-groups")
        let file = try HDF5File.create(folder.file("s.h5").path)
        let names = ["layer10", "Layer2", "first_conv.conv.weight", "b", "a", "layer1"]
        for name in names { try file.root.write(name, [UInt8(1)], shape: []) }
        #expect(try file.root.children() == names.sorted())
    }

    @Test func replacingAndRemovingDatasets() throws {
        let folder = try TemporaryDirectory("hdf5-groups")
        let file = try HDF5File.create(folder.file("r.h5").path)
        try file.root.write("x", [Float(1), 2], shape: [2])
        try file.root.write("x", [Double(3), 4, 5, 6], shape: [2, 2])
        #expect(try file.root.read("x", as: Double.self) == HDF5Array(shape: [2, 2], values: [3, 4, 5, 6]))
        try file.root.remove("x")
        #expect(!file.root.contains("x"))
        try file.root.createGroup("g")
        let clash = #expect(throws: HDF5Error.self) { try file.root.write("g", [Float(1)], shape: [1]) }
        #expect(clash?.reason == "is a group, not a dataset")
    }

    @Test func shapeMismatchIsRejectedBeforeWriting() throws {
        let folder = try TemporaryDirectory("hdf5-groups")
        let file = try HDF5File.create(folder.file("m.h5").path)
        let error = #expect(throws: HDF5Error.self) { try file.root.write("x", [Float(1), 2, 3], shape: [2, 2]) }
        #expect(error?.reason == "shape [2, 2] holds 4 values but 3 were given")
        #expect(!file.root.contains("x"))
        #expect(throws: HDF5Error.self) { try file.root.write("", [Float(1)], shape: [1]) }
    }

    @Test func conversionsAndScalars() throws {
        let folder = try TemporaryDirectory("hdf5-groups")
        let file = try HDF5File.create(folder.file("c.h5").path)
        try file.root.write("f64", [0.1, 2.5, -3.75], shape: [3])
        try file.root.write("i64", [Int64(1), -2, 300], shape: [3])
        try file.root.write("pi", scalar: Double.pi)
        #expect(try file.root.readFloats("f64") == [Float(0.1), 2.5, -3.75])
        #expect(try file.root.read("i64", as: Double.self).values == [1, -2, 300])
        #expect(try file.root.read("i64", as: UInt8.self).values == [1, 0, 255], "libhdf5 saturates")
        #expect(try file.root.readScalar("pi", as: Double.self) == .pi)
        #expect(try file.root.readScalar("pi", as: Float.self) == Float(Double.pi), "rounded to nearest like Swift")
        #expect(try file.root.datasetShape("pi") == [])
        let notOne = #expect(throws: HDF5Error.self) { try file.root.readScalar("f64", as: Double.self) }
        #expect(notOne?.reason.contains("expected exactly one") == true)
    }

    @Test func stringDatasets() throws {
        let folder = try TemporaryDirectory("hdf5-groups")
        let file = try HDF5File.create(folder.file("s.h5").path)
        let json = "{\"ks\": [3, 5, 7], \"name\": \"ofa-mbv3 ✓\"}"
        try file.root.writeString("config", json)
        try file.root.writeStrings("names", ["a", "", "ünïcode", "d", "e", "f"], shape: [2, 3])
        try file.root.writeStrings("none", [])
        #expect(try file.root.readString("config") == json)
        #expect(try file.root.datasetShape("config") == [])
        #expect(try file.root.readStrings("names") == ["a", "", "ünïcode", "d", "e", "f"])
        #expect(try file.root.datasetShape("names") == [2, 3])
        #expect(try file.root.datasetElementType("names") == .string)
        #expect(try file.root.readStrings("none") == [])
        let numeric = #expect(throws: HDF5Error.self) { try file.root.readFloats("names") }
        #expect(numeric?.reason == "holds string, which cannot be read as float32")
        let notText = #expect(throws: HDF5Error.self) {
            try file.root.write("n", [Float(1)], shape: [1])
            return try file.root.readStrings("n")
        }
        #expect(notText?.reason == "holds float32, not strings")
    }
}
