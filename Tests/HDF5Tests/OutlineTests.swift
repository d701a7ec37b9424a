import Foundation
import HDF5
import Testing
import TestSupport

/// `HDF5Outline` on a file with what Tandem never writes itself (soft links, a link cycle, an external link,
/// a bool attribute): everything listed, links shown but not followed, nothing reported as unreadable.
@Suite struct OutlineTests {
    @Test func linksAndForeignTypesFromH5py() throws {
        try Python.requireH5py()
        let folder = try TemporaryDirectory("hdf5-outline")
        let path = folder.file("links.h5").path
        let script = #"""
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["flag"] = True
    g = f.create_group("net")
    g.create_dataset("w", data=np.zeros((2, 2), dtype=np.float32))
    g["up"] = h5py.SoftLink("/net")
    f["dangling"] = h5py.SoftLink("/nowhere")
    f["ext"] = h5py.ExternalLink("other.h5", "/x")
"""#
        let result = try Python.run(script, [path])
        try #require(result.status == 0, "h5py could not write: \(result.stderr)")

        let outline = HDF5Outline.describe(try HDF5File.open(path))
        #expect(outline.problems.isEmpty, "\(outline.problems)")
        #expect(outline.lines == [
            "/",
            "  @flag: enum scalar (not shown)",
            "  dangling -> /nowhere  (link, dangling)",
            "  ext -> other.h5:/x  (link, dangling)",
            "  net/",
            "    up -> /net  (link)",
            "    w  float32 [2, 2]",
        ])
        let root = try HDF5File.open(path).root
        #expect(try root.children() == ["dangling", "ext", "net"])
        #expect(!root.contains("dangling"))
        #expect(root.contains("net/up/w"), "a soft link to a group is followed by lookups")
        #expect(try root.linkTarget("net") == nil)
    }
}
