/// What `tandem profile` measured for one layer at one resolution and operating point.
public struct LayerMeasurement: Sendable, Equatable {
    /// The layer's key in the Dynamic-OFA grammar (`ProfiledLayer.key(resolution:width:)`).
    public var key: String
    /// The layer for people (`block 5 k7 e4`).
    public var layerName: String
    public var resolution: Int
    /// Per-run wall-clock latency over the timed repetitions.
    public var latency: LatencyStatistics
    /// Counter values per run (`task-clock` in ns, `context-switches`, `cycles`, …), where the probe offered them.
    public var counters: [String: Double]
    /// Mean power over the timed repetitions, where a power sensor exists.
    public var powerW: Double?

    public init(key: String, layerName: String, resolution: Int, latency: LatencyStatistics,
                counters: [String: Double] = [:], powerW: Double? = nil) {
        self.key = key
        self.layerName = layerName
        self.resolution = resolution
        self.latency = latency
        self.counters = counters
        self.powerW = powerW
    }
}
