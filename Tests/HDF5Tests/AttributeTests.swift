import Foundation
import HDF5
import Testing
import TestSupport

/// Attributes of every kind on the root, a group and a dataset, read back after reopening the file.
@Suite struct AttributeTests {
    static let values: [String: HDF5AttributeValue] = [
        "text": .string("Jetson Xavier NX — 8 GB (UTF-8 ✓)"),
        "empty_text": .string(""),
        "json": .string(String(repeating: "{\"k\": [1, 2, 3]}", count: 500)),
        "texts": .strings(["schedutil", "ondemand", "", "performance"]),
        "count": .int(-42),
        "big": .int(Int.max),
        "counts": .ints([1, 2, 3, Int.min]),
        "no_counts": .ints([]),
        "ratio": .double(0.1),
        "ratios": .doubles([1.5, -2.25, .infinity, 1e-300]),
    ]

    @Test func everyKindOnRootGroupAndDataset() throws {
        let folder = try TemporaryDirectory("hdf5-attributes")
        let path = folder.file("a.h5").path
        do {
            let file = try HDF5File.create(path)
            let group = try file.root.createGroup("g")
            let dataset = try group.write("d", [Float(1), 2, 3], shape: [3])
            for holder in [file.root, group] as [any HDF5AttributeHolder] + [dataset] {
                for (name, value) in Self.values { try holder.setAttribute(name, value) }
            }
        }
        let file = try HDF5File.open(path)
        let group = try file.root.group("g")
        let holders: [any HDF5AttributeHolder] = [file.root, group, try group.dataset("d")]
        for holder in holders {
            #expect(try holder.attributeNames() == Self.values.keys.sorted())
            for (name, value) in Self.values {
                #expect(try holder.attribute(name) == value, "\(holder.path) @\(name)")
            }
            #expect(try holder.attribute("absent") == nil)
            #expect(try holder.hasAttribute("count"))
            #expect(try !holder.hasAttribute("absent"))
        }
    }

    @Test func typedGettersAndConversions() throws {
        let folder = try TemporaryDirectory("hdf5-attributes")
        let file = try HDF5File.create(folder.file("t.h5").path)
        let root = file.root
        try root.setAttribute("format", "tandem.policy")
        try root.setAttribute("version", 3)
        try root.setAttribute("gain", 2.5)
        try root.setAttribute("sizes", [3, 5, 7])
        try root.setAttribute("weights", [0.25, 0.75])
        try root.setAttribute("names", ["a", "b"])

        #expect(try root.stringAttribute("format") == "tandem.policy")
        #expect(try root.intAttribute("version") == 3)
        #expect(try root.doubleAttribute("gain") == 2.5)
        #expect(try root.doubleAttribute("version") == 3.0, "an integer reads as a real")
        #expect(try root.intsAttribute("sizes") == [3, 5, 7])
        #expect(try root.doublesAttribute("sizes") == [3, 5, 7])
        #expect(try root.doublesAttribute("weights") == [0.25, 0.75])
        #expect(try root.stringsAttribute("names") == ["a", "b"])
        #expect(try root.stringAttribute("absent") == nil)
        #expect(try root.requiredIntAttribute("version") == 3)

        let wrongType = #expect(throws: HDF5Error.self) { try root.stringAttribute("version") }
        #expect(wrongType?.description.contains("expected a string, found 3") == true)
        let missing = #expect(throws: HDF5Error.self) { try root.requiredStringAttribute("absent") }
        #expect(missing?.description.contains("no such attribute") == true)
    }

    @Test func replacingAndRemoving() throws {
        let folder = try TemporaryDirectory("hdf5-attributes")
        let file = try HDF5File.create(folder.file("r.h5").path)
        try file.root.setAttribute("x", 1)
        try file.root.setAttribute("x", "now a string")
        #expect(try file.root.attribute("x") == .string("now a string"))
        try file.root.removeAttribute("x")
        #expect(try file.root.attributeNames() == [])
        try file.root.removeAttribute("x")  // absent: no error
    }

    @Test func attributeOnMissingObjectNamesIt() throws {
        let folder = try TemporaryDirectory("hdf5-attributes")
        let path = folder.file("m.h5").path
        let file = try HDF5File.create(path)
        let group = try file.root.createGroup("g")
        try file.root.remove("g")
        let error = #expect(throws: HDF5Error.self) { try group.setAttribute("a", 1) }
        #expect(error?.object == "/g")
        #expect(error?.file == path)
        #expect(error?.reason == "no such object")
    }
}
