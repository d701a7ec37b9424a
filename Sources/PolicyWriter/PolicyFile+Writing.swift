// The policy file's writer, kept apart from `Policy` so that reading policies (tandemd) needs no libhdf5:
// `Policy` reads with the pure-Swift `HDF5Reader`, training writes through libhdf5 here.
@_exported import Policy
import HDF5
import Tensor

extension PolicyFile {
    /// Writes the policy to `path` atomically (a temporary file in the same folder, then a rename). Refuses an
    /// inconsistent policy before touching the disk.
    public func write(to path: String) throws {
        if let problem = problem() { throw PolicyFileError(file: path, problem) }
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", PolicyFile.format)
            try root.setAttribute("version", PolicyFile.version)
            try root.setAttribute("model", model.kind)
            try root.setAttribute("platform", platform.name)
            try root.setAttribute("platform_fingerprint", platform.fingerprint)
            try root.setAttribute("scenario", provenance.scenario)
            try root.setAttribute("seed", String(provenance.seed))
            try root.setAttribute("steps", provenance.steps)
            try root.setAttribute("agent", provenance.agent)
            try root.setAttribute("tandem_version", provenance.tandemVersion)
            try root.setAttribute("date", provenance.date)

            let observation = try root.createGroup("observation")
            try observation.setAttribute("names", observationNames)
            try observation.setAttribute("clip", Double(normalization.clip))
            _ = try observation.write("mean", normalization.mean, shape: [normalization.count])
            _ = try observation.write("std", normalization.std, shape: [normalization.count])

            let group = try root.createGroup("actions")
            try group.setAttribute("dimension_names", actions.dimensionNames)
            _ = try group.write("nvec", actions.nvec, shape: [actions.nvec.count])
            _ = try group.write("safe_action", actions.safeAction, shape: [actions.safeAction.count])
            // Only a coupled layout is written: a branching file stays what it was before the attribute existed.
            if !actions.heads.isBranching { try group.setAttribute("head", actions.heads.description) }
            if !actions.libraryConfigs.isEmpty {
                _ = try group.writeStrings("library_configs", actions.libraryConfigs)
                _ = try group.write("library_top1_percent", actions.libraryTop1Percent,
                                    shape: [actions.libraryTop1Percent.count])
            }
            if !actions.cpuFrequenciesKHz.isEmpty {
                _ = try group.write("cpu_frequencies_khz", actions.cpuFrequenciesKHz, shape: [actions.cpuFrequenciesKHz.count])
            }
            if !actions.gpuFrequenciesKHz.isEmpty {
                _ = try group.write("gpu_frequencies_khz", actions.gpuFrequenciesKHz, shape: [actions.gpuFrequenciesKHz.count])
            }

            switch model {
            case .network(let layers):
                let network = try root.createGroup("network")
                try network.setAttribute("layer_count", layers.count)
                for (index, layer) in layers.enumerated() {
                    let layerGroup = try network.createGroup("layer_\(index)")
                    try layerGroup.setAttribute("type", "dense")
                    try layerGroup.setAttribute("activation", layer.activation.rawValue)
                    _ = try layerGroup.write("weight", layer.weights.values, shape: layer.weights.shape)
                    _ = try layerGroup.write("bias", layer.bias.values, shape: layer.bias.shape)
                }
            case .qTable(let discretization, let values):
                let table = try root.createGroup("q_table")
                let scoreCount = actions.heads.scoreCount
                _ = try table.write("values", values, shape: [discretization.stateCount, scoreCount])
                _ = try table.write("bin_counts", discretization.edges.map(\.count), shape: [discretization.edges.count])
                let flat = discretization.edges.flatMap { $0 }
                _ = try table.write("bin_edges", flat, shape: [flat.count])
            }
        }
    }
}
