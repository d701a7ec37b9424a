/// The live backend of `RuntimeEnv`: something that really runs sub-network `level` on this machine and measures it.
/// The OFA engine's implementation lives in the layer that can see both the engine and the board
/// (`SupernetFrameRunner`); the environment only needs this surface.
public protocol LiveFrameRunner: AnyObject {
    /// Where energy figures come from on this machine (`.rails` when power rails or energy counters exist,
    /// otherwise `.model`: the active power the platform model predicts, passed in as `modelPowerW`).
    var energySource: MeasurementSource { get }
    /// Sets the frequencies where the board allows it, runs one inference of `level`, and reports what it measured.
    func runFrame(level: Int, cpuKHz: Int, gpuKHz: Int, modelPowerW: Double) throws -> LiveFrameMeasurement
    /// Restores what it changed (frequencies, governors); idempotent.
    func close() throws
}

/// One measured frame.
public struct LiveFrameMeasurement: Equatable, Sendable {
    /// Wall-clock latency from a monotonic clock.
    public var latencyMs: Double
    /// Average power during the inference: measured when `energySource == .rails`, else the model's figure.
    public var powerW: Double
    public var energySource: MeasurementSource
    /// Counter features when this machine offers them (`nil`: the model's estimate is kept).
    public var instructionsPerCycle: Double?
    public var cacheMisses: Double?

    public init(latencyMs: Double, powerW: Double, energySource: MeasurementSource, instructionsPerCycle: Double?,
                cacheMisses: Double?) {
        self.latencyMs = latencyMs
        self.powerW = powerW
        self.energySource = energySource
        self.instructionsPerCycle = instructionsPerCycle
        self.cacheMisses = cacheMisses
    }
}
