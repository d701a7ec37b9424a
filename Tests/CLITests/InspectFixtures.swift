import HDF5

/// A small file with known content and the exact outline `tandem inspect` must print for it.
enum InspectFixtures {
    static func writeKnownFile(_ path: String) throws {
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", "tandem.test")
            try root.setAttribute("version", 1)
            try root.setAttribute("frequencies_khz", (1 ... 20).map { $0 * 100_000 })
            try root.setAttribute("note", "line one\nline \"two\"")
            let layer = try root.createGroup("net/layer.0")
            try layer.write("weight", (1 ... 6).map { Float($0) / 2 }, shape: [2, 3]).setAttribute("unit", "1")
            try layer.write("steps", scalar: Int64(42))
            try root.writeString("config", String(repeating: "x", count: 200))
            try root.createGroup("empty")
        }
    }

    static let outline = """
        /
          @format = "tandem.test"
          @frequencies_khz = [100000, 200000, 300000, 400000, 500000, 600000, 700000, 800000, …] (20 values)
          @note = "line one\\nline \\"two\\""
          @version = 1
          config  string scalar
          empty/
          net/
            layer.0/
              steps  int64 scalar
              weight  float32 [2, 3]
                @unit = "1"

        """
}
