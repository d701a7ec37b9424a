import Platform

/// The bridge from a board's description to the tables the governors choose from.
extension FrequencyTable {
    /// The operating points of one CPU cluster (one cpufreq policy).
    public init(cluster: ClusterDescription) throws(FrequencyTableError) {
        try self.init(frequenciesKHz: cluster.frequenciesKHz)
    }

    /// The GPU's operating points.
    public init(gpu: GPUDescription) throws(FrequencyTableError) {
        try self.init(frequenciesKHz: gpu.frequenciesKHz)
    }
}

extension PlatformDescription {
    /// The table of the CPU cluster with id `cluster`, or nil when the board has no such cluster.
    public func cpuFrequencyTable(cluster: Int = 0) throws(FrequencyTableError) -> FrequencyTable? {
        guard let description = cpu.clusters.first(where: { $0.id == cluster }) else { return nil }
        return try FrequencyTable(cluster: description)
    }

    /// The GPU's table, or nil when the board has no GPU.
    public func gpuFrequencyTable() throws(FrequencyTableError) -> FrequencyTable? {
        guard let gpu else { return nil }
        return try FrequencyTable(gpu: gpu)
    }
}
