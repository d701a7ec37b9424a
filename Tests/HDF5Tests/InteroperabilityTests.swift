import Foundation
import HDF5
import Testing
import TestSupport

/// Files written by Swift read by h5py, and files written by h5py read by Swift, each checked against values the
/// other side computes on its own from the same formula.
@Suite struct InteroperabilityTests {
    @Test func h5pyReadsWhatSwiftWrites() throws {
        try Python.requireH5py()
        let folder = try TemporaryDirectory("hdf5-interop")
        let path = folder.file("swift.h5").path
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", "tandem.test")
            try root.setAttribute("version", 2)
            try root.setAttribute("gain", 0.125)
            try root.setAttribute("sizes", [3, 5, 7])
            try root.setAttribute("weights", [0.5, -1.5])
            try root.setAttribute("names", ["schedutil", "ünï"])
            try root.setAttribute("empty", [Int]())
            let data = try root.createGroup("data/nested")
            try data.write("f32", (0 ..< 24).map { Float($0) * 0.5 - 3 }, shape: [2, 3, 4])
                .setAttribute("unit", "ms")
            try data.write("f64", (0 ..< 5).map { Double($0) / 3 }, shape: [5])
            try data.write("i32", (0 ..< 120).map { Int32($0 * 1000 - 60_000) }, shape: [2, 3, 4, 5])
            try data.write("i64", (0 ..< 6).map { Int64($0) << 40 }, shape: [6, 1])
            try data.write("u8", (0 ..< 256).map { UInt8($0) }, shape: [16, 16])
            try data.write("scalar", scalar: 2.5)
            try data.write("empty", [Float](), shape: [0, 3])
            try root.writeString("config", "{\"ks\": [3, 5, 7]}")
            try root.writeStrings("labels", ["a", "bb", "ccc", "ü"], shape: [2, 2])
        }
        let script = #"""
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
def check(condition, what):
    if not condition:
        print("MISMATCH: " + what); sys.exit(1)
a = f.attrs
check(type(a["format"]) is str and a["format"] == "tandem.test", "format is str: %r" % (a["format"],))
check(a["version"] == 2 and a["version"].dtype == np.int64, "version")
check(a["gain"] == 0.125 and a["gain"].dtype == np.float64, "gain")
check(list(a["sizes"]) == [3, 5, 7] and a["sizes"].dtype == np.int64, "sizes")
check(list(a["weights"]) == [0.5, -1.5], "weights")
check([type(x) for x in a["names"]] == [str, str] and list(a["names"]) == ["schedutil", "ünï"], "names %r" % (a["names"],))
check(a["empty"].shape == (0,), "empty attribute")
d = f["data/nested"]
expect = {
    "f32": (np.arange(24, dtype=np.float32) * 0.5 - 3).reshape(2, 3, 4),
    "f64": np.arange(5) / 3.0,
    "i32": (np.arange(120, dtype=np.int32) * 1000 - 60000).reshape(2, 3, 4, 5),
    "i64": (np.arange(6, dtype=np.int64) << 40).reshape(6, 1),
    "u8": np.arange(256, dtype=np.uint8).reshape(16, 16),
}
for name, value in expect.items():
    got = d[name][()]
    check(got.dtype == value.dtype, "%s dtype %s != %s" % (name, got.dtype, value.dtype))
    check(got.shape == value.shape, "%s shape %s != %s" % (name, got.shape, value.shape))
    check(np.array_equal(got, value), name + " values")
check(d["scalar"].shape == () and d["scalar"][()] == 2.5 and d["scalar"].dtype == np.float64, "scalar")
check(d["empty"].shape == (0, 3) and d["empty"].dtype == np.float32, "empty dataset")
check(type(d["f32"].attrs["unit"]) is str and d["f32"].attrs["unit"] == "ms", "unit")
check(f["config"].asstr()[()] == '{"ks": [3, 5, 7]}', "config")
check(f["labels"].shape == (2, 2) and f["labels"].asstr()[()].tolist() == [["a", "bb"], ["ccc", "ü"]], "labels")
check(sorted(f.keys()) == ["config", "data", "labels"], "keys")
print("OK")
"""#
        let result = try Python.run(script, [path])
        #expect(result.status == 0, "h5py check failed: \(result.stdout) \(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "OK")
    }

    @Test func swiftReadsWhatH5pyWrites() throws {
        try Python.requireH5py()
        let folder = try TemporaryDirectory("hdf5-interop")
        let path = folder.file("python.h5").path
        let script = #"""
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["format"] = "from-h5py"
    f.attrs["count"] = np.int32(-7)
    f.attrs["ratio"] = 0.25
    f.attrs["ks"] = np.array([3, 5, 7], dtype=np.int16)
    f.attrs["fixed"] = np.bytes_("fixed-bytes")
    f.attrs["flag"] = True
    f.attrs["names"] = ["x", "yy"]
    g = f.create_group("net/layer.0")
    g.create_dataset("weight", data=(np.arange(60, dtype=np.float32) / 7).reshape(3, 4, 5))
    g.create_dataset("half", data=np.array([0.5, -2.0, 1024.0], dtype=np.float16))
    g.create_dataset("small", data=np.arange(10, dtype=np.int8) - 5)
    g.create_dataset("gz", data=np.arange(1000, dtype=np.float64), compression="gzip", chunks=(100,))
    g.create_dataset("u16", data=np.array([[1, 65535]], dtype=np.uint16))
    g["weight"].attrs["unit"] = "1"
    f.create_dataset("text", data="hello h5py")
    f.create_dataset("fixed_text", data=np.array([b"ab", b"cde"], dtype="S4"))
    f.create_dataset("scalar_int", data=np.int64(42))
"""#
        let result = try Python.run(script, [path])
        try #require(result.status == 0, "h5py could not write: \(result.stderr)")

        let file = try HDF5File.open(path)
        let root = file.root
        #expect(try root.stringAttribute("format") == "from-h5py")
        #expect(try root.intAttribute("count") == -7)
        #expect(try root.doubleAttribute("ratio") == 0.25)
        #expect(try root.intsAttribute("ks") == [3, 5, 7])
        #expect(try root.stringAttribute("fixed") == "fixed-bytes")
        #expect(try root.stringsAttribute("names") == ["x", "yy"])
        let boolean = #expect(throws: HDF5Error.self) { try root.attribute("flag") }
        #expect(boolean?.reason == "holds enum values, which Tandem does not read")

        let layer = try root.group("net/layer.0")
        #expect(try layer.children() == ["gz", "half", "small", "u16", "weight"])
        let weight = try layer.read("weight", as: Float.self)
        #expect(weight.shape == [3, 4, 5])
        #expect(weight.values == (0 ..< 60).map { Float($0) / 7 })
        #expect(try layer.dataset("weight").stringAttribute("unit") == "1")
        #expect(try layer.datasetElementType("half") == .float16)
        #expect(try layer.readFloats("half") == [0.5, -2, 1024])
        #expect(try layer.read("small", as: Int32.self).values == (0 ..< 10).map { Int32($0) - 5 })
        #expect(try layer.readDoubles("gz") == (0 ..< 1000).map { Double($0) })
        #expect(try layer.read("u16", as: Int64.self) == HDF5Array(shape: [1, 2], values: [1, 65535]))
        #expect(try root.readString("text") == "hello h5py")
        #expect(try root.readStrings("fixed_text") == ["ab", "cde"])
        #expect(try root.readScalar("scalar_int", as: Int.self) == 42)
    }
}
