import Platform

/// What the simulated backend of `RuntimeEnv` needs to know about a board running a sub-network library: the
/// action tables and the cost of one frame. The calibrated implementation comes from the Platform module's simulator
/// and the sub-network library (`PlatformFrameModel`); `FrameTable` is the precomputed form every model is turned into
/// so that a step is a table look-up.
public protocol FrameModel: Sendable {
    /// The sub-network library, in level order (level 0 = the smallest/fastest).
    var levels: [SubnetLevel] { get }
    /// CPU operating points in kHz, ascending (the action's CPU index selects one for every cluster).
    var cpuFrequenciesKHz: [Int] { get }
    /// GPU operating points in kHz, ascending.
    var gpuFrequenciesKHz: [Int] { get }
    /// Heating of the board, when modelled.
    var thermal: ThermalParameters? { get }
    /// Where the numbers come from (e.g. "simulated xavier-nx, calibrated on Dynamic-OFA measurements").
    var provenance: String { get }

    /// One inference of `level` on `device` at the given OPPs while co-runners keep `load` busy.
    func frameCost(level: Int, cpuIndex: Int, gpuIndex: Int, device: Scenario.Device, load: CoRunnerLoad) -> FrameCost
    /// Board power while the application waits for its next frame, at the given OPPs and co-runner load.
    func idlePowerW(cpuIndex: Int, gpuIndex: Int, load: CoRunnerLoad) -> Double
}

/// One entry of a sub-network library, as the environment sees it.
public struct SubnetLevel: Equatable, Sendable {
    public var name: String
    public var top1Percent: Double
    public init(name: String, top1Percent: Double) {
        self.name = name
        self.top1Percent = top1Percent
    }
}

/// The cost of one inference.
public struct FrameCost: Equatable, Sendable {
    public var latencyMs: Double
    /// Average whole-board power while the inference runs (co-runners included).
    public var powerW: Double
    /// Fraction of the inference's time the busiest CPU core and the GPU are busy with it (co-runners excluded:
    /// a governor adds their load to this).
    public var cpuBusy: Double
    public var gpuBusy: Double
    /// Hardware-counter features (simulated: the model's estimate).
    public var instructionsPerCycle: Double
    public var cacheMissesPerInference: Double

    public init(latencyMs: Double, powerW: Double, cpuBusy: Double, gpuBusy: Double, instructionsPerCycle: Double,
                cacheMissesPerInference: Double) {
        self.latencyMs = latencyMs
        self.powerW = powerW
        self.cpuBusy = cpuBusy
        self.gpuBusy = gpuBusy
        self.instructionsPerCycle = instructionsPerCycle
        self.cacheMissesPerInference = cacheMissesPerInference
    }
}

/// A first-order thermal model: `dT/dt = (ambient + resistanceKPerW · P − T) / timeConstantS`; above `throttleC` the
/// board caps the CPU and GPU at `throttleCPUIndex`/`throttleGPUIndex` until it cools `hysteresisC` below. Leakage
/// adds `leakageWPerK · (T − leakageReferenceC)` watts (when positive) to the board's power.
public struct ThermalParameters: Equatable, Sendable {
    public var resistanceKPerW: Double
    public var timeConstantS: Double
    public var throttleC: Double
    public var hysteresisC: Double
    public var throttleCPUIndex: Int
    public var throttleGPUIndex: Int
    public var leakageWPerK: Double
    public var leakageReferenceC: Double

    public init(resistanceKPerW: Double, timeConstantS: Double, throttleC: Double, hysteresisC: Double,
                throttleCPUIndex: Int, throttleGPUIndex: Int, leakageWPerK: Double = 0, leakageReferenceC: Double = 25) {
        self.resistanceKPerW = resistanceKPerW
        self.timeConstantS = timeConstantS
        self.throttleC = throttleC
        self.hysteresisC = hysteresisC
        self.throttleCPUIndex = throttleCPUIndex
        self.throttleGPUIndex = throttleGPUIndex
        self.leakageWPerK = leakageWPerK
        self.leakageReferenceC = leakageReferenceC
    }
}
