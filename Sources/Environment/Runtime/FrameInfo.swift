/// What `RuntimeEnv` reports about each frame: a fixed set of numbers (no dictionary on the hot path).
public struct FrameInfo: Equatable, Sendable {
    /// Start of the frame since the start of the episode.
    public var timeS: Double = 0
    public var latencyMs: Double = 0
    public var latencyTargetMs: Double = 0
    /// Board energy over the frame's interval (inference plus the wait for the next frame).
    public var energyJ: Double = 0
    /// Average board power over the frame's interval.
    public var powerW: Double = 0
    public var missed: Bool = false
    public var level: Int = 0
    public var cpuKHz: Int = 0
    public var gpuKHz: Int = 0
    public var top1Percent: Double = 0
    public var temperatureC: Double = 0
    /// Fractions of the interval the busiest CPU core and the GPU were busy with the inference (co-runners excluded).
    public var cpuBusy: Double = 0
    public var gpuBusy: Double = 0
    /// Co-runner utilisation in force during the frame.
    public var coRunnerCPU: Double = 0
    public var coRunnerGPU: Double = 0
    /// CPU and GPU frequency changes this frame caused (0, 1 or 2).
    public var frequencySwitches: Int = 0
    /// Whether the board throttled the requested frequencies for heat.
    public var throttled: Bool = false
    /// Where the numbers come from.
    public var latencySource: MeasurementSource = .model
    public var energySource: MeasurementSource = .model

    public init() {}
}

/// Whether a number was measured on this machine or predicted by a model.
public enum MeasurementSource: String, Equatable, Sendable {
    /// Predicted by the platform model (simulated backend; live energy without rails).
    case model
    /// Measured with a monotonic clock on this machine.
    case clock
    /// Read from power rails / energy counters on this machine.
    case rails
}
