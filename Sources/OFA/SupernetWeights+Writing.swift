import HDF5

extension SupernetWeights {
    /// Writes every tensor (old naming, verbatim keys, float32, PyTorch layout) and the root attributes
    /// `format`, `version` and `width_mult`, atomically.
    public func write(path: String) throws(SupernetWeightsError) {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", Self.fileFormat)
                try root.setAttribute("version", 1)
                try root.setAttribute(Self.widthAttribute, architecture.width.multiplier)
                for entry in SupernetStateDict(architecture).tensorEntries {
                    try root.write(entry.key, required(entry.key), shape: entry.shape)
                }
            }
        } catch {
            throw .file(path: path, problem: "\(error)")
        }
    }
}
