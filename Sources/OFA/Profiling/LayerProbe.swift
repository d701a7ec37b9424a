/// Extra measurements taken around each layer's timed repetitions: hardware/software counters and power.
/// The OFA module knows no board; the `tandem profile` command implements this with the Platform module
/// (`PerfCounterGroup`, the discovered power rails).
public protocol LayerProbe: AnyObject {
    /// Called right before the timed repetitions of one layer.
    func begin()
    /// Called right after them: counter values per run (divide totals by `runs`) and the mean power, if known.
    func end(runs: Int, elapsedSeconds: Double) -> LayerProbeReading
}

/// One `LayerProbe` reading.
public struct LayerProbeReading: Sendable, Equatable {
    public var countersPerRun: [String: Double]
    public var powerW: Double?

    public init(countersPerRun: [String: Double] = [:], powerW: Double? = nil) {
        self.countersPerRun = countersPerRun
        self.powerW = powerW
    }
}
