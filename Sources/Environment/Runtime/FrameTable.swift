import Platform

/// A `FrameModel` evaluated once for one device and one co-runner load, flattened for look-up:
/// entry `(level · cpuCount + cpuIndex) · gpuCount + gpuIndex`. `RuntimeEnv` builds one per distinct load of its
/// scenario at construction, which is what makes a simulated step cost a few nanoseconds.
public struct FrameTable: Sendable {
    public let levelCount: Int
    public let cpuCount: Int
    public let gpuCount: Int
    public let load: CoRunnerLoad
    public private(set) var latencyMs: [Double]
    public private(set) var activePowerW: [Double]
    public private(set) var cpuBusy: [Double]
    public private(set) var gpuBusy: [Double]
    public private(set) var instructionsPerCycle: [Double]
    public private(set) var cacheMissesPerInference: [Double]
    /// Idle power per `(cpuIndex · gpuCount + gpuIndex)`.
    public private(set) var idlePowerW: [Double]

    public init(model: some FrameModel, device: Scenario.Device, load: CoRunnerLoad) {
        levelCount = model.levels.count
        cpuCount = model.cpuFrequenciesKHz.count
        gpuCount = model.gpuFrequenciesKHz.count
        self.load = load
        let count = levelCount * cpuCount * gpuCount
        latencyMs = []
        activePowerW = []
        cpuBusy = []
        gpuBusy = []
        instructionsPerCycle = []
        cacheMissesPerInference = []
        latencyMs.reserveCapacity(count)
        activePowerW.reserveCapacity(count)
        for level in 0..<levelCount {
            for cpu in 0..<cpuCount {
                for gpu in 0..<gpuCount {
                    let cost = model.frameCost(level: level, cpuIndex: cpu, gpuIndex: gpu, device: device, load: load)
                    latencyMs.append(cost.latencyMs)
                    activePowerW.append(cost.powerW)
                    cpuBusy.append(cost.cpuBusy)
                    gpuBusy.append(cost.gpuBusy)
                    instructionsPerCycle.append(cost.instructionsPerCycle)
                    cacheMissesPerInference.append(cost.cacheMissesPerInference)
                }
            }
        }
        idlePowerW = []
        for cpu in 0..<cpuCount {
            for gpu in 0..<gpuCount { idlePowerW.append(model.idlePowerW(cpuIndex: cpu, gpuIndex: gpu, load: load)) }
        }
    }

    @inline(__always)
    public func index(level: Int, cpuIndex: Int, gpuIndex: Int) -> Int {
        (level * cpuCount + cpuIndex) * gpuCount + gpuIndex
    }
}
