import Glibc

/// Indices into the simulator's CPU, GPU and EMC operating-point tables (ascending frequency).
public struct OperatingPoint: Sendable, Equatable, Hashable {
    public var cpu: Int
    public var gpu: Int
    public var emc: Int

    public init(cpu: Int, gpu: Int, emc: Int) {
        self.cpu = cpu
        self.gpu = gpu
        self.emc = emc
    }
}

/// Other work on the board during a frame: the busy fraction (0...1) it takes of the CPUs and of the GPU.
public struct CoRunnerLoad: Sendable, Equatable {
    public var cpuUtilization: Double
    public var gpuUtilization: Double

    public init(cpuUtilization: Double = 0, gpuUtilization: Double = 0) {
        self.cpuUtilization = cpuUtilization
        self.gpuUtilization = gpuUtilization
    }

    public static let none = CoRunnerLoad()
}

/// One simulated frame: the inference's latency, the frame's length (latency or the frame period, whichever is
/// longer), the board's energy over the frame and its mean power per component.
public struct FrameOutcome: Sendable, Equatable {
    public var latencyMs: Double
    public var frameTimeMs: Double
    public var energyJ: Double
    public var cpuPowerW: Double
    public var gpuPowerW: Double
    /// VDD_SOC: memory controller and fabric.
    public var socPowerW: Double
    /// The rest of the module input (DDR, IO, conversion).
    public var otherPowerW: Double
    /// Busy fractions over the frame: CPU as the mean over online cores, GPU as the device.
    public var cpuBusyFraction: Double
    public var gpuBusyFraction: Double
    public var temperatureC: Double

    public var totalPowerW: Double { cpuPowerW + gpuPowerW + socPowerW + otherPowerW }
}

public enum SimulatorError: Error, Equatable, CustomStringConvertible {
    case noCPUTable(platform: String)
    case noGPU(platform: String)
    case noWorkloads
    case missingLatency(workload: String, device: ComputeDevice)
    case invalidWorkload(workload: String, problem: String)
    case unknownPowerMode(String, available: [String])

    public var description: String {
        switch self {
        case .noCPUTable(let platform): "platform '\(platform)' has no CPU cluster with an OPP table to simulate"
        case .noGPU(let platform): "platform '\(platform)' has no GPU: GPU workloads cannot be simulated"
        case .noWorkloads: "the simulator needs at least one workload profile"
        case .missingLatency(let workload, let device): "workload '\(workload)': no \(device.rawValue) latency profiled"
        case .invalidWorkload(let workload, let problem): "workload '\(workload)': \(problem)"
        case .unknownPowerMode(let name, let available):
            "unknown power mode '\(name)': expected one of \(available.joined(separator: ", "))"
        }
    }
}

/// The calibrated board simulator: per sub-network (a "level") latency as a function of CPU, GPU and EMC clocks
/// and co-runner contention, power per rail, energy per frame, actuation delays and an optional thermal model.
///
/// Everything frequency-dependent is tabulated per (level, OPP) at construction, so `evaluate` and `step` are a
/// handful of array reads and arithmetic: no allocation, no dictionary. The model and every number are in
/// `SimulatorCalibration`. One CPU frequency applies to every cluster (the policies share one table here).
public struct PlatformSimulator: Sendable {
    public let platform: PlatformDescription
    public let calibration: SimulatorCalibration
    public let device: ComputeDevice
    public let workloads: [WorkloadProfile]
    public let cpuFrequenciesKHz: [Int]
    public let gpuFrequenciesKHz: [Int]
    public let emcFrequenciesKHz: [Int]
    public let onlineCores: Int
    public let thermalEnabled: Bool

    // Per (level, OPP) latency parts at zero contention, ms: index level·count + opp.
    private let cpuSideMs: [Double]
    private let gpuSideMs: [Double]
    private let memoryMs: [Double]
    // Per OPP power terms, W.
    private let cpuDynamicPerCoreW: [Double]
    private let gpuDynamicW: [Double]
    private let socW: [Double]
    private let otherW: [Double]
    private let cpuStaticW: Double
    private let gpuStaticW: Double
    private let inferenceThreads: Double
    private let railWeights: [(cpu: Double, gpu: Double, soc: Double, other: Double)?]
    private let delayCPUMs: Double
    private let delayGPUMs: Double
    private let delayEMCMs: Double
    // Scalars of the calibration read per step, copied out so a step never touches the table's strings.
    private let cpuContentionShare: Double
    private let gpuContentionShare: Double
    private let memoryContentionShare: Double
    private let leakagePerK: Double
    private let ambientC: Double
    private let thermalResistanceKPerW: Double
    private let thermalTimeConstantS: Double

    /// Simulator state carried by `step`: the operating point in force and the die temperature.
    public private(set) var currentPoint: OperatingPoint?
    public private(set) var temperatureC: Double

    /// - Parameters:
    ///   - powerMode: an nvpmodel mode of the description; sets the online cores (default: every CPU online).
    ///   - thermal: enables the first-order thermal model (temperature raises static power).
    public init(platform: PlatformDescription, workloads: [WorkloadProfile], device: ComputeDevice,
                calibration: SimulatorCalibration = .xavierNX, powerMode: String? = nil, thermal: Bool = false)
        throws(SimulatorError)
    {
        guard let cluster = platform.cpu.clusters.first else { throw .noCPUTable(platform: platform.name) }
        if device == .gpu, platform.gpu == nil { throw .noGPU(platform: platform.name) }
        guard !workloads.isEmpty else { throw .noWorkloads }
        self.platform = platform
        self.calibration = calibration
        self.device = device
        self.workloads = workloads
        cpuFrequenciesKHz = cluster.frequenciesKHz
        gpuFrequenciesKHz = platform.gpu?.frequenciesKHz ?? [Int(calibration.referenceGPUKHz.value)]
        emcFrequenciesKHz = platform.emc?.frequenciesKHz ?? [Int(calibration.referenceEMCKHz.value)]
        let cpuCount = max(1, platform.allCPUs.count)
        if let powerMode {
            guard let mode = platform.powerModes.modes.first(where: { $0.name == powerMode }) else {
                throw .unknownPowerMode(powerMode, available: platform.powerModes.modes.map(\.name))
            }
            onlineCores = mode.onlineCores
        } else {
            onlineCores = cpuCount
        }
        thermalEnabled = thermal
        let c = calibration

        // Latency parts at the reference clocks, then tabulated per OPP.
        let cpuRef = c.referenceCPUKHz.value, gpuRef = c.referenceGPUKHz.value, emcRef = c.referenceEMCKHz.value
        var cpuSide: [Double] = [], gpuSide: [Double] = [], memory: [Double] = []
        cpuSide.reserveCapacity(workloads.count * cpuFrequenciesKHz.count)
        for workload in workloads {
            guard let profiled = workload.latencyMs(on: device) else {
                throw .missingLatency(workload: workload.name, device: device)
            }
            guard profiled.isFinite, profiled > 0 else {
                throw .invalidWorkload(workload: workload.name, problem: "profiled latency must be > 0 ms, got \(profiled)")
            }
            let parts = Self.referenceParts(profiledMs: profiled, memoryShareOverride: workload.memoryShare,
                                            device: device, calibration: c)
            guard parts.cpu >= 0, parts.gpu >= 0, parts.memory >= 0 else {
                throw .invalidWorkload(workload: workload.name, problem: "memory share must lie in 0...1")
            }
            cpuSide += cpuFrequenciesKHz.map { parts.cpu * cpuRef / Double($0) }
            gpuSide += gpuFrequenciesKHz.map { parts.gpu * gpuRef / Double($0) }
            memory += emcFrequenciesKHz.map { parts.memory * emcRef / Double($0) }
        }
        cpuSideMs = cpuSide
        gpuSideMs = gpuSide
        memoryMs = memory

        // Power terms.
        let power = Self.powerCoefficients(c, cpuCount: cpuCount)
        let cpuCurve = VoltageFrequencyCurve(minimumV: c.cpuVoltageMinV.value, maximumV: c.cpuVoltageMaxV.value,
                                             kneeKHz: c.cpuVoltageKneeKHz.value, maximumKHz: cpuRef)
        let gpuCurve = VoltageFrequencyCurve(minimumV: c.gpuVoltageMinV.value, maximumV: c.gpuVoltageMaxV.value,
                                             kneeKHz: c.gpuVoltageKneeKHz.value, maximumKHz: gpuRef)
        cpuDynamicPerCoreW = cpuFrequenciesKHz.map { power.cpuC * cpuCurve.switchingFactor(atKHz: Double($0)) }
        gpuDynamicW = gpuFrequenciesKHz.map { power.gpuC * gpuCurve.switchingFactor(atKHz: Double($0)) }
        socW = emcFrequenciesKHz.map { power.socBase + power.socPerGHz * Double($0) / 1e6 }
        otherW = emcFrequenciesKHz.map { power.otherBase + power.otherPerGHz * Double($0) / 1e6 }
        cpuStaticW = power.cpuStaticPerCore * Double(onlineCores)
        gpuStaticW = platform.gpu == nil ? 0 : power.gpuStatic
        inferenceThreads = device == .cpu ? min(c.cpuInferenceThreads.value, Double(onlineCores)) : 1
        railWeights = platform.powerRails.rails.map { rail in
            switch rail.name {
            case "VDD_IN": (1, 1, 1, 1)
            case "VDD_CPU_GPU_CV": (1, 1, 0, 0)
            case "VDD_SOC": (0, 0, 1, 0)
            default: nil
            }
        }
        delayCPUMs = platform.actuationDelays.cpuUs / 1000
        delayGPUMs = platform.actuationDelays.gpuUs / 1000
        delayEMCMs = platform.actuationDelays.emcUs / 1000
        temperatureC = c.ambientC.value
        cpuContentionShare = min(max(c.cpuContentionShare.value, 0), 0.95)
        gpuContentionShare = min(max(c.gpuContentionShare.value, 0), 0.95)
        memoryContentionShare = min(max(c.memoryContentionShare.value, 0), 0.95)
        leakagePerK = c.leakagePerK.value
        ambientC = c.ambientC.value
        thermalResistanceKPerW = c.thermalResistanceKPerW.value
        thermalTimeConstantS = max(c.thermalTimeConstantS.value, 1e-9)
    }

    /// The latency parts (CPU-clock, GPU-clock, EMC-clock) of a profile at the reference clocks, ms.
    public static func referenceParts(profiledMs: Double, memoryShareOverride: Double?, device: ComputeDevice,
                                      calibration c: SimulatorCalibration) -> (cpu: Double, gpu: Double, memory: Double)
    {
        switch device {
        case .gpu:
            let perLayer = c.gpuProfileScale.value * profiledMs
            let memoryShare = memoryShareOverride ?? c.gpuMemoryShare.value
            let computeShare = min(c.gpuComputeShare.value, 1 - memoryShare)
            let launchShare = 1 - computeShare - memoryShare
            return (perLayer * launchShare + c.gpuFrameworkOverheadMs.value, perLayer * computeShare, perLayer * memoryShare)
        case .cpu:
            let perLayer = c.cpuProfileScale.value * profiledMs
            let memoryShare = memoryShareOverride ?? c.cpuMemoryShare.value
            return (perLayer * (1 - memoryShare) + c.cpuFrameworkOverheadMs.value, 0, perLayer * memoryShare)
        }
    }

    /// The power model's coefficients, derived from the calibration's measurements (see `SimulatorCalibration`).
    public struct PowerCoefficients: Sendable, Equatable {
        /// W per (V²·GHz) per busy core, and for the busy GPU.
        public var cpuC: Double
        public var gpuC: Double
        public var cpuStaticPerCore: Double
        public var gpuStatic: Double
        public var socBase: Double
        public var socPerGHz: Double
        public var otherBase: Double
        public var otherPerGHz: Double
    }

    public static func powerCoefficients(_ c: SimulatorCalibration, cpuCount: Int) -> PowerCoefficients {
        let cpuCurve = VoltageFrequencyCurve(minimumV: c.cpuVoltageMinV.value, maximumV: c.cpuVoltageMaxV.value,
                                             kneeKHz: c.cpuVoltageKneeKHz.value, maximumKHz: c.referenceCPUKHz.value)
        let gpuCurve = VoltageFrequencyCurve(minimumV: c.gpuVoltageMinV.value, maximumV: c.gpuVoltageMaxV.value,
                                             kneeKHz: c.gpuVoltageKneeKHz.value, maximumKHz: c.referenceGPUKHz.value)
        // CPU: the CV rail rises from idle to 6 busy cores at 1420.8 MHz (GPU idle and clock-gated in both readings).
        let cpuC = (c.loadedCpuGpuCvW.value - c.idleCpuGpuCvW.value)
            / (c.loadedBusyCores.value * cpuCurve.switchingFactor(atKHz: c.loadedCPUKHz.value))
        // GPU: the module-side MLPerf increment, less the one core that feeds the GPU.
        let moduleIncrement = c.gpuLoadIncrementWallW.value * c.supplyEfficiency.value
        let gpuC = (moduleIncrement - cpuC * cpuCurve.switchingFactor(atKHz: c.gpuLoadCPUKHz.value))
            / gpuCurve.switchingFactor(atKHz: c.gpuLoadGPUKHz.value)
        // SOC and the rest of VDD_IN: straight lines in the EMC clock through the two readings.
        let emcSpanGHz = (c.loadedEMCKHz.value - c.idleEMCKHz.value) / 1e6
        let socPerGHz = (c.loadedSocW.value - c.idleSocW.value) / emcSpanGHz
        let idleOther = c.idleVddInW.value - c.idleCpuGpuCvW.value - c.idleSocW.value
        let loadedOther = c.loadedVddInW.value - c.loadedCpuGpuCvW.value - c.loadedSocW.value
        let otherPerGHz = (loadedOther - idleOther) / emcSpanGHz
        return PowerCoefficients(
            cpuC: cpuC, gpuC: gpuC,
            cpuStaticPerCore: c.idleCpuGpuCvW.value * c.cvStaticCPUShare.value / Double(cpuCount),
            gpuStatic: c.idleCpuGpuCvW.value * (1 - c.cvStaticCPUShare.value),
            socBase: c.idleSocW.value - socPerGHz * c.idleEMCKHz.value / 1e6, socPerGHz: socPerGHz,
            otherBase: idleOther - otherPerGHz * c.idleEMCKHz.value / 1e6, otherPerGHz: otherPerGHz)
    }

    public var levelCount: Int { workloads.count }

    /// The highest operating point (every clock at its maximum).
    public var maximumPoint: OperatingPoint {
        OperatingPoint(cpu: cpuFrequenciesKHz.count - 1, gpu: gpuFrequenciesKHz.count - 1, emc: emcFrequenciesKHz.count - 1)
    }

    /// Latency of `level` at `point` under `load`, ms. Indices are clamped into their tables.
    @inline(__always)
    public func latencyMs(level: Int, at point: OperatingPoint, load: CoRunnerLoad = .none) -> Double {
        let parts = contendedParts(level: level, point: point, load: load)
        return parts.cpu + parts.gpu + parts.memory
    }

    @inline(__always)
    private func contendedParts(level: Int, point: OperatingPoint, load: CoRunnerLoad)
        -> (cpu: Double, gpu: Double, memory: Double)
    {
        let l = min(max(level, 0), workloads.count - 1)
        let i = min(max(point.cpu, 0), cpuFrequenciesKHz.count - 1)
        let j = min(max(point.gpu, 0), gpuFrequenciesKHz.count - 1)
        let k = min(max(point.emc, 0), emcFrequenciesKHz.count - 1)
        let uCPU = min(max(load.cpuUtilization, 0), 1)
        let uGPU = min(max(load.gpuUtilization, 0), 1)
        let cpu = cpuSideMs[l * cpuFrequenciesKHz.count + i] / (1 - uCPU * cpuContentionShare)
        let gpu = gpuSideMs[l * gpuFrequenciesKHz.count + j] / (1 - uGPU * gpuContentionShare)
        let memory = memoryMs[l * emcFrequenciesKHz.count + k] / (1 - max(uCPU, uGPU) * memoryContentionShare)
        return (cpu, gpu, memory)
    }

    /// One frame at a fixed operating point and temperature; `framePeriodMs` 0 means back-to-back frames.
    public func evaluate(level: Int, at point: OperatingPoint, load: CoRunnerLoad = .none, framePeriodMs: Double = 0,
                         temperatureC: Double? = nil) -> FrameOutcome
    {
        let parts = contendedParts(level: level, point: point, load: load)
        let latency = parts.cpu + parts.gpu + parts.memory
        let frame = max(latency, framePeriodMs)
        let i = min(max(point.cpu, 0), cpuFrequenciesKHz.count - 1)
        let j = min(max(point.gpu, 0), gpuFrequenciesKHz.count - 1)
        let k = min(max(point.emc, 0), emcFrequenciesKHz.count - 1)
        let cores = Double(onlineCores)
        // Busy core-milliseconds and GPU-milliseconds over the frame, capped at what exists.
        let inferenceCoreMs = device == .cpu ? latency * inferenceThreads : parts.cpu
        let inferenceGPUMs = device == .gpu ? parts.gpu + parts.memory : 0
        let cpuBusyCoreMs = min(inferenceCoreMs + min(max(load.cpuUtilization, 0), 1) * cores * frame, cores * frame)
        let gpuBusyMs = min(inferenceGPUMs + min(max(load.gpuUtilization, 0), 1) * frame, frame)
        let temperature = temperatureC ?? self.temperatureC
        let leakage = thermalEnabled ? max(0, 1 + leakagePerK * (temperature - ambientC)) : 1
        let cpuEnergyMJ = cpuStaticW * leakage * frame + cpuDynamicPerCoreW[i] * cpuBusyCoreMs
        let gpuEnergyMJ = gpuStaticW * leakage * frame + gpuDynamicW[j] * gpuBusyMs
        let socEnergyMJ = socW[k] * frame
        let otherEnergyMJ = otherW[k] * frame
        return FrameOutcome(
            latencyMs: latency, frameTimeMs: frame,
            energyJ: (cpuEnergyMJ + gpuEnergyMJ + socEnergyMJ + otherEnergyMJ) / 1000,
            cpuPowerW: cpuEnergyMJ / frame, gpuPowerW: gpuEnergyMJ / frame, socPowerW: socEnergyMJ / frame,
            otherPowerW: otherEnergyMJ / frame, cpuBusyFraction: cpuBusyCoreMs / (cores * frame),
            gpuBusyFraction: gpuBusyMs / frame, temperatureC: temperature)
    }

    /// Runs one frame and advances the state. When `point` differs from the point in force, the old point keeps
    /// running for the largest actuation delay of the changed clocks (CPU 0.3 ms, GPU 5 ms, EMC 8 ms on the NX):
    /// the share of the frame's work done in that time runs at the old speed and power. With the thermal model on,
    /// the die temperature then relaxes towards ambient + P·R over the frame.
    public mutating func step(level: Int, at point: OperatingPoint, load: CoRunnerLoad = .none,
                              framePeriodMs: Double = 0) -> FrameOutcome
    {
        var outcome = evaluate(level: level, at: point, load: load, framePeriodMs: framePeriodMs)
        if let previous = currentPoint, previous != point {
            var delay = 0.0
            if previous.cpu != point.cpu { delay = max(delay, delayCPUMs) }
            if previous.gpu != point.gpu { delay = max(delay, delayGPUMs) }
            if previous.emc != point.emc { delay = max(delay, delayEMCMs) }
            let old = evaluate(level: level, at: previous, load: load, framePeriodMs: framePeriodMs)
            let oldShare = min(1, delay / old.latencyMs)
            if oldShare > 0 {
                let latency = oldShare * old.latencyMs + (1 - oldShare) * outcome.latencyMs
                let frame = max(latency, framePeriodMs)
                let energy = oldShare * old.energyJ + (1 - oldShare) * outcome.energyJ
                let scale = energy / max(outcome.energyJ, .leastNonzeroMagnitude) * outcome.frameTimeMs / frame
                outcome = FrameOutcome(
                    latencyMs: latency, frameTimeMs: frame, energyJ: energy,
                    cpuPowerW: outcome.cpuPowerW * scale, gpuPowerW: outcome.gpuPowerW * scale,
                    socPowerW: outcome.socPowerW * scale, otherPowerW: outcome.otherPowerW * scale,
                    cpuBusyFraction: outcome.cpuBusyFraction, gpuBusyFraction: outcome.gpuBusyFraction,
                    temperatureC: outcome.temperatureC)
            }
        }
        currentPoint = point
        if thermalEnabled {
            let steady = ambientC + outcome.totalPowerW * thermalResistanceKPerW
            let alpha = 1 - exp(-outcome.frameTimeMs / 1000 / thermalTimeConstantS)
            temperatureC += (steady - temperatureC) * alpha
        }
        return outcome
    }

    /// Back to ambient temperature with no operating point in force.
    public mutating func reset() {
        currentPoint = nil
        temperatureC = ambientC
    }

    /// Mean power of rail `index` of the description over the frame, or nil when the model does not cover that
    /// rail (it knows VDD_IN, VDD_CPU_GPU_CV and VDD_SOC).
    public func railPowerW(_ outcome: FrameOutcome, rail index: Int) -> Double? {
        guard railWeights.indices.contains(index), let w = railWeights[index] else { return nil }
        return w.cpu * outcome.cpuPowerW + w.gpu * outcome.gpuPowerW + w.soc * outcome.socPowerW + w.other * outcome.otherPowerW
    }

    /// The operating point of the given frequencies, when each is in its table.
    public func operatingPoint(cpuKHz: Int, gpuKHz: Int, emcKHz: Int) -> OperatingPoint? {
        guard let i = cpuFrequenciesKHz.firstIndex(of: cpuKHz), let j = gpuFrequenciesKHz.firstIndex(of: gpuKHz),
              let k = emcFrequenciesKHz.firstIndex(of: emcKHz) else { return nil }
        return OperatingPoint(cpu: i, gpu: j, emc: k)
    }
}
