/// Which processor runs the network.
public enum ComputeDevice: String, Sendable, Codable, CaseIterable {
    case cpu
    case gpu
}

/// What the simulator needs to know about one sub-network, independent of any library or board: its profiled
/// latency at the calibration's reference clocks on each device (e.g. the sum of its per-layer lookup-table means),
/// and optionally its size. Any library (the 13 Dynamic-OFA nets, a `tandem search` front) becomes a list of these.
public struct WorkloadProfile: Sendable, Equatable, Codable {
    public var name: String
    /// Profiled latency on the CPU at the reference clocks, ms (nil: cannot run there).
    public var cpuLatencyMs: Double?
    /// Profiled latency on the GPU at the reference clocks, ms.
    public var gpuLatencyMs: Double?
    /// Multiply-accumulates per inference (informational; not used by the latency model).
    public var macs: Double?
    /// Overrides the calibration's memory (EMC-bound) share of the per-layer part, 0...1, when known for this net.
    public var memoryShare: Double?

    public init(name: String, cpuLatencyMs: Double?, gpuLatencyMs: Double?, macs: Double? = nil, memoryShare: Double? = nil) {
        self.name = name
        self.cpuLatencyMs = cpuLatencyMs
        self.gpuLatencyMs = gpuLatencyMs
        self.macs = macs
        self.memoryShare = memoryShare
    }

    public func latencyMs(on device: ComputeDevice) -> Double? {
        device == .cpu ? cpuLatencyMs : gpuLatencyMs
    }
}
