import Platform

/// The calibrated board simulator (`Platform.PlatformSimulator`) seen as a `FrameModel`: latency, power, busy
/// fractions per (level, CPU OPP, GPU OPP) with the memory clock at its highest OPP (the action does not choose it;
/// under load the board runs EMC at its cap). Active power is the simulator's energy of a back-to-back frame divided
/// by its latency; idle power is the slope of frame energy against the frame's length beyond the latency (exact:
/// the simulator's energy is linear there). Counter features are the simulator's estimates (`.model`).
public struct PlatformFrameModel: FrameModel {
    public let simulator: PlatformSimulator
    public let levels: [SubnetLevel]
    public let thermal: ThermalParameters?
    public let provenance: String
    public var cpuFrequenciesKHz: [Int] { simulator.cpuFrequenciesKHz }
    public var gpuFrequenciesKHz: [Int] { simulator.gpuFrequenciesKHz }
    private let emcIndex: Int

    /// `levels[i]` names the accuracy of `simulator.workloads[i]` (same order and count).
    public init(simulator: PlatformSimulator, levels: [SubnetLevel], thermal: ThermalParameters?) {
        precondition(levels.count == simulator.levelCount, "PlatformFrameModel: one level per simulator workload")
        self.simulator = simulator
        self.levels = levels
        self.thermal = thermal
        emcIndex = simulator.emcFrequenciesKHz.count - 1
        provenance = "simulated \(simulator.platform.name) (\(simulator.device.rawValue)), PlatformSimulator calibration"
    }

    public func frameCost(level: Int, cpuIndex: Int, gpuIndex: Int, device: Scenario.Device, load: CoRunnerLoad)
        -> FrameCost
    {
        let point = OperatingPoint(cpu: cpuIndex, gpu: gpuIndex, emc: emcIndex)
        let outcome = simulator.evaluate(level: level, at: point, load: load, framePeriodMs: 0)
        // What the governors see is the inference's own busy time (they add the co-runner's themselves): on the
        // CPU side the busiest core, as schedutil takes the maximum over a policy's CPUs (the simulator reports the
        // mean over online cores, co-runner included); on the GPU the device's busy share.
        let cores = Double(simulator.onlineCores)
        let cpuBusy = device == .cpu ? 1 : min(1, max(0, (outcome.cpuBusyFraction - load.cpuUtilization) * cores))
        let gpuBusy = device == .gpu ? min(1, max(0, outcome.gpuBusyFraction - load.gpuUtilization)) : 0
        // Simulated counter features: the share of the frame the feeding CPU computes sets the IPC between a
        // stalled 0.5 and a busy 1.5 (Carmel-class out-of-order core), and cache misses scale with the rest of the
        // frame (GPU- and memory-bound time) at one 64-byte line per 10 ns. Estimates, reported as such.
        let otherMs = outcome.latencyMs * (1 - cpuBusy)
        return FrameCost(latencyMs: outcome.latencyMs, powerW: outcome.energyJ * 1000 / outcome.latencyMs,
                         cpuBusy: cpuBusy, gpuBusy: gpuBusy, instructionsPerCycle: 0.5 + cpuBusy,
                         cacheMissesPerInference: otherMs * 1e5)
    }

    public func idlePowerW(cpuIndex: Int, gpuIndex: Int, load: CoRunnerLoad) -> Double {
        let point = OperatingPoint(cpu: cpuIndex, gpu: gpuIndex, emc: emcIndex)
        let platformLoad = load
        let latency = simulator.latencyMs(level: 0, at: point, load: platformLoad)
        let short = simulator.evaluate(level: 0, at: point, load: platformLoad, framePeriodMs: latency + 100)
        let long = simulator.evaluate(level: 0, at: point, load: platformLoad, framePeriodMs: latency + 200)
        return (long.energyJ - short.energyJ) * 1000 / 100
    }
}

extension ThermalParameters {
    /// The Xavier NX's heating from the simulator's calibration (thermal resistance and time constant) plus a
    /// throttling rule. Assumption, no public figure in the reference: above 75 °C the board caps the CPU at
    /// 1.42 GHz and the GPU at 803 MHz (the 15 W/10 W nvpmodel caps) until it is 5 K cooler. Leakage: the
    /// calibration's slope applied to the idle CPU+GPU rail power (the static part).
    public static func xavierNX(calibration: SimulatorCalibration, cpuFrequenciesKHz: [Int], gpuFrequenciesKHz: [Int])
        -> ThermalParameters
    {
        let leakage = calibration.leakagePerK.value * calibration.idleCpuGpuCvW.value
        let cpuCap = cpuFrequenciesKHz.lastIndex { $0 <= 1_420_800 } ?? 0
        let gpuCap = gpuFrequenciesKHz.lastIndex { $0 <= 803_250 } ?? 0
        return ThermalParameters(resistanceKPerW: calibration.thermalResistanceKPerW.value,
                                 timeConstantS: calibration.thermalTimeConstantS.value, throttleC: 75, hysteresisC: 5,
                                 throttleCPUIndex: cpuCap, throttleGPUIndex: gpuCap,
                                 leakageWPerK: leakage, leakageReferenceC: calibration.ambientC.value)
    }
}
