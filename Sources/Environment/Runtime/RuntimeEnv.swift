import Platform
import Policy

/// The joint sub-network/DVFS environment: one step is one inference frame of the application.
///
/// - **Action**: `MultiDiscrete([levels, cpuOPPs, gpuOPPs])`: the sub-network level of the library, the CPU OPP index
///   (applied to every cluster) and the GPU OPP index, taking effect for this frame.
/// - **Observation**: `ObservationLayout` (14 floats, finite bounds).
/// - **Reward**: `RewardConfig` (default: −energy with penalties for a missed target and for a level below the floor).
/// - **Time**: a frame starts every `frame_period_ms`, or as soon as the previous one finished when it ran late; the
///   frame's energy is the board's energy over that interval (inference plus waiting). The scenario's targets and
///   co-runners follow this clock.
/// - **Episode**: `scenario.frameCount` frames; the last one returns `truncated = true` (the process would go on: a
///   time limit, not a terminal state). `terminated` is always false.
/// - **Randomness**: frame latency varies by a relative `scenario.latencyNoise` (uniform noise with that standard
///   deviation) drawn from the environment's own generator.
///
/// The simulated backend looks costs up in `FrameTable`s built at construction (one per distinct co-runner load), so
/// a step is a few table reads; the live backend (`LiveFrameRunner`) runs the sub-network on this machine.
public final class RuntimeEnv: FlatEnv {
    public typealias Info = FrameInfo

    public let scenario: Scenario
    public let model: any FrameModel
    public let reward: RewardConfig
    public let observationSpace: Box
    public let actionSpace: MultiDiscrete
    public let observationCount = ObservationLayout.count
    public private(set) var rng = Xoshiro256StarStar()

    /// The levels' top-1 and the OPP tables, copied out of the model for the hot path.
    public let levelTop1Percent: [Double]
    public let cpuFrequenciesKHz: [Int]
    public let gpuFrequenciesKHz: [Int]
    public let live: LiveFrameRunner?
    /// The lowest CPU frequency any frame runs at (nvpmodel's `scaling_min_freq`, 1.19 GHz on the Xavier NX): a
    /// requested CPU OPP below it runs at the lowest OPP at or above it, as the kernel's clamp does. 0 (the
    /// default) lifts the floor. Evaluations set the board's floor so a policy and the oracle live under the same
    /// minimum as the governor baselines.
    public var cpuFloorKHz = 0 {
        didSet { cpuFloorIndex = cpuFrequenciesKHz.firstIndex { $0 >= cpuFloorKHz } ?? cpuFrequenciesKHz.count - 1 }
    }
    /// The CPU OPP index `cpuFloorKHz` clamps requests to.
    public private(set) var cpuFloorIndex = 0

    private let tables: [FrameTable]
    /// Co-runner segments: `[segmentStartS[k], segmentStartS[k + 1])` uses `tables[segmentTable[k]]`.
    private let segmentStartS: [Double]
    private let segmentTable: [Int]
    private let frameCount: Int
    private let noiseHalfWidth: Double
    private let thermal: ThermalParameters?

    // Episode state.
    private var timeS = 0.0
    private var frame = 0
    private var segment = 0
    private var targetStep = 0
    private var level: Int
    private var cpuIndex: Int
    private var gpuIndex: Int
    private var temperatureC: Double
    private var throttled = false
    private var closed = false

    /// A simulated environment over `model` (build `model` from the Platform simulator and a library).
    public convenience init(scenario: Scenario, model: some FrameModel, reward: RewardConfig = .standard) {
        self.init(scenario: scenario, model: model, reward: reward, live: nil)
    }

    /// The designated initializer; `live` non-nil makes the live backend run every frame.
    public init(scenario: Scenario, model: some FrameModel, reward: RewardConfig, live: LiveFrameRunner?) {
        self.scenario = scenario
        self.model = model
        self.reward = reward
        self.live = live
        levelTop1Percent = model.levels.map(\.top1Percent)
        cpuFrequenciesKHz = model.cpuFrequenciesKHz
        gpuFrequenciesKHz = model.gpuFrequenciesKHz
        precondition(!levelTop1Percent.isEmpty && !cpuFrequenciesKHz.isEmpty && !gpuFrequenciesKHz.isEmpty,
                     "RuntimeEnv: the model needs at least one level and one OPP per device")
        observationSpace = ObservationLayout.space(levels: levelTop1Percent.count, cpuCount: cpuFrequenciesKHz.count,
                                                   gpuCount: gpuFrequenciesKHz.count)
        actionSpace = MultiDiscrete([levelTop1Percent.count, cpuFrequenciesKHz.count, gpuFrequenciesKHz.count])
        frameCount = scenario.frameCount
        noiseHalfWidth = scenario.latencyNoise * 3.0.squareRoot()
        thermal = model.thermal

        // Segment boundaries: every co-runner start and end.
        var boundaries = Set<Double>([0])
        for runner in scenario.coRunners {
            boundaries.insert(runner.startS)
            boundaries.insert(runner.endS)
        }
        let starts = boundaries.sorted()
        var tables: [FrameTable] = []
        var tableOfLoad: [LoadKey: Int] = [:]
        var segmentTable: [Int] = []
        for start in starts {
            let load = scenario.coRunnerLoad(atS: start)
            let key = LoadKey(cpu: load.cpuUtilization, gpu: load.gpuUtilization)
            if let index = tableOfLoad[key] {
                segmentTable.append(index)
            } else {
                tableOfLoad[key] = tables.count
                segmentTable.append(tables.count)
                tables.append(FrameTable(model: model, device: scenario.device, load: load))
            }
        }
        self.tables = tables
        segmentStartS = starts
        self.segmentTable = segmentTable
        level = levelTop1Percent.count - 1
        cpuIndex = cpuFrequenciesKHz.count - 1
        gpuIndex = gpuFrequenciesKHz.count - 1
        temperatureC = scenario.ambientC
    }

    /// A fresh simulated environment over the same scenario, model and reward that shares this one's frame tables
    /// (immutable after construction) instead of rebuilding them: N batched copies then cost one set of tables,
    /// which keeps a large batch in cache. `nil` for the live backend, whose frame runner cannot be shared.
    public func copySharingTables() -> RuntimeEnv? {
        guard live == nil else { return nil }
        return RuntimeEnv(sharingTablesOf: self)
    }

    private init(sharingTablesOf other: RuntimeEnv) {
        scenario = other.scenario
        model = other.model
        reward = other.reward
        live = nil
        levelTop1Percent = other.levelTop1Percent
        cpuFrequenciesKHz = other.cpuFrequenciesKHz
        gpuFrequenciesKHz = other.gpuFrequenciesKHz
        observationSpace = other.observationSpace
        actionSpace = other.actionSpace
        frameCount = other.frameCount
        noiseHalfWidth = other.noiseHalfWidth
        thermal = other.thermal
        tables = other.tables
        segmentStartS = other.segmentStartS
        segmentTable = other.segmentTable
        level = levelTop1Percent.count - 1
        cpuIndex = cpuFrequenciesKHz.count - 1
        gpuIndex = gpuFrequenciesKHz.count - 1
        temperatureC = scenario.ambientC
    }

    // MARK: - State for controllers that know the model (the oracle) and for logs

    /// The latency target in force for the next frame.
    public var currentLatencyTargetMs: Double { scenario.latencyTargetMs[targetStep].value }
    /// The co-runner load in force for the next frame.
    public var currentLoad: CoRunnerLoad { tables[segmentTable[segment]].load }
    /// The operating point the last frame ran at.
    public var currentAction: [Int] { [level, cpuIndex, gpuIndex] }
    public var currentTemperatureC: Double { temperatureC }
    public var isThrottled: Bool { throttled }
    public var elapsedS: Double { timeS }

    /// The noise-free latency and energy of the next frame if it ran at this action (throttling applied): what an
    /// oracle that knows the model sees.
    public func expectedFrame(level: Int, cpuIndex: Int, gpuIndex: Int) -> (latencyMs: Double, energyJ: Double) {
        let (cpu, gpu) = effectiveIndices(cpuIndex, gpuIndex)
        let table = tables[segmentTable[segment]]
        let i = table.index(level: level, cpuIndex: cpu, gpuIndex: gpu)
        let latency = table.latencyMs[i]
        let interval = max(scenario.framePeriodMs, latency)
        var energy = (table.activePowerW[i] * latency + table.idlePowerW[cpu * table.gpuCount + gpu] * (interval - latency))
            / 1000
        if let thermal, temperatureC > thermal.leakageReferenceC {
            energy += thermal.leakageWPerK * (temperatureC - thermal.leakageReferenceC) * interval / 1000
        }
        return (latency, energy)
    }

    // MARK: - FlatEnv

    /// Starts the scenario from t = 0 at the largest level and the highest OPPs (the board's state after boot under
    /// `performance`). `options` is ignored (no keys are defined).
    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> FrameInfo
    {
        if closed { throw EnvError.closed }
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        timeS = 0
        frame = 0
        segment = 0
        targetStep = 0
        level = levelTop1Percent.count - 1
        cpuIndex = cpuFrequenciesKHz.count - 1
        gpuIndex = gpuFrequenciesKHz.count - 1
        temperatureC = scenario.ambientC
        throttled = false
        var info = FrameInfo()
        info.level = level
        info.cpuKHz = cpuFrequenciesKHz[cpuIndex]
        info.gpuKHz = gpuFrequenciesKHz[gpuIndex]
        info.top1Percent = levelTop1Percent[level]
        info.temperatureC = temperatureC
        info.latencyTargetMs = currentLatencyTargetMs
        info.latencySource = live == nil ? .model : .clock
        info.energySource = live?.energySource ?? .model
        let load = currentLoad
        write(into: observation, lastLatencyMs: 0, lastEnergyJ: 0, load: load, ipc: 0, cacheMisses: 0)
        return info
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<FrameInfo>
    {
        if closed { throw EnvError.closed }
        guard actionSpace.contains(action) else {
            throw EnvError.actionOutsideSpace("\(Array(action)) not in \(actionSpace)")
        }
        let requestedLevel = action[0]
        let (cpu, gpu) = effectiveIndices(action[1], action[2])
        let switches = (cpu != cpuIndex ? 1 : 0) + (gpu != gpuIndex ? 1 : 0)
        level = requestedLevel
        cpuIndex = cpu
        gpuIndex = gpu

        let table = tables[segmentTable[segment]]
        let i = table.index(level: level, cpuIndex: cpu, gpuIndex: gpu)
        let targetMs = currentLatencyTargetMs
        var info = FrameInfo()
        var latencyMs: Double
        var activePowerW = table.activePowerW[i]
        var ipc = table.instructionsPerCycle[i]
        var cacheMisses = table.cacheMissesPerInference[i]
        if let live {
            let measured = try live.runFrame(level: level, cpuKHz: cpuFrequenciesKHz[cpu], gpuKHz: gpuFrequenciesKHz[gpu],
                                             modelPowerW: activePowerW)
            latencyMs = measured.latencyMs
            activePowerW = measured.powerW
            if let measuredIPC = measured.instructionsPerCycle { ipc = measuredIPC }
            if let measuredMisses = measured.cacheMisses { cacheMisses = measuredMisses }
            info.latencySource = .clock
            info.energySource = measured.energySource
        } else {
            // Uniform noise in [−√3 σ, √3 σ]: relative standard deviation σ without a logarithm on the hot path.
            let u = 2 * rng.nextDouble() - 1
            latencyMs = table.latencyMs[i] * (1 + noiseHalfWidth * u)
        }
        let intervalMs = max(scenario.framePeriodMs, latencyMs)
        let idlePowerW = table.idlePowerW[cpu * table.gpuCount + gpu]
        var energyJ = (activePowerW * latencyMs + idlePowerW * (intervalMs - latencyMs)) / 1000
        if let thermal, temperatureC > thermal.leakageReferenceC {
            energyJ += thermal.leakageWPerK * (temperatureC - thermal.leakageReferenceC) * intervalMs / 1000
        }
        let averagePowerW = energyJ * 1000 / intervalMs
        if let thermal { updateTemperature(thermal, powerW: averagePowerW, intervalS: intervalMs / 1000) }

        let top1 = levelTop1Percent[level]
        let reward = self.reward.reward(energyJ: energyJ, latencyMs: latencyMs, targetMs: targetMs, top1Percent: top1,
                                        floorPercent: scenario.accuracyFloor, switches: switches)
        info.timeS = timeS
        info.latencyMs = latencyMs
        info.latencyTargetMs = targetMs
        info.energyJ = energyJ
        info.powerW = averagePowerW
        info.missed = latencyMs > targetMs
        info.level = level
        info.cpuKHz = cpuFrequenciesKHz[cpu]
        info.gpuKHz = gpuFrequenciesKHz[gpu]
        info.top1Percent = top1
        info.temperatureC = temperatureC
        info.cpuBusy = table.cpuBusy[i] * latencyMs / intervalMs
        info.gpuBusy = table.gpuBusy[i] * latencyMs / intervalMs
        info.coRunnerCPU = table.load.cpuUtilization
        info.coRunnerGPU = table.load.gpuUtilization
        info.frequencySwitches = switches
        info.throttled = throttled

        // Advance the clock, then the scenario's segment and target step to the new time.
        timeS += intervalMs / 1000
        frame += 1
        // A nanosecond of tolerance, so ten 100 ms frames reach 1.0 s despite rounding in the sum.
        let now = timeS + 1e-9
        while segment + 1 < segmentStartS.count && segmentStartS[segment + 1] <= now { segment += 1 }
        let targets = scenario.latencyTargetMs
        while targetStep + 1 < targets.count && targets[targetStep + 1].t <= now { targetStep += 1 }

        write(into: observation, lastLatencyMs: latencyMs, lastEnergyJ: energyJ, load: table.load, ipc: ipc,
              cacheMisses: cacheMisses)
        return StepOutcome(reward: reward, terminated: false, truncated: frame >= frameCount, info: info)
    }

    public func close() throws {
        if closed { return }
        closed = true
        try live?.close()
    }

    // MARK: - Helpers

    @inline(__always)
    private func effectiveIndices(_ requestedCPU: Int, _ gpu: Int) -> (Int, Int) {
        let cpu = max(requestedCPU, cpuFloorIndex)
        guard throttled, let thermal else { return (cpu, gpu) }
        return (min(cpu, thermal.throttleCPUIndex), min(gpu, thermal.throttleGPUIndex))
    }

    /// Forward Euler on the first-order model (the interval is far below the time constant).
    @inline(__always)
    private func updateTemperature(_ thermal: ThermalParameters, powerW: Double, intervalS: Double) {
        let steady = scenario.ambientC + thermal.resistanceKPerW * powerW
        temperatureC += (steady - temperatureC) * min(1, intervalS / thermal.timeConstantS)
        if temperatureC >= thermal.throttleC {
            throttled = true
        } else if temperatureC < thermal.throttleC - thermal.hysteresisC {
            throttled = false
        }
    }

    @inline(__always)
    /// The observation goes through Policy's `ObservationBuilder`, the code path `tandemd` uses on the board, so a
    /// policy sees the same features in training and deployment.
    private func write(into o: UnsafeMutableBufferPointer<Float>, lastLatencyMs: Double, lastEnergyJ: Double,
                       load: CoRunnerLoad, ipc: Double, cacheMisses: Double) {
        let measurements = ObservationMeasurements(
            latencyTargetMs: currentLatencyTargetMs, accuracyFloorPercent: scenario.accuracyFloor,
            lastLatencyMs: lastLatencyMs, lastEnergyJ: lastEnergyJ, coRunnerCPUUtilization: load.cpuUtilization,
            coRunnerGPUUtilization: load.gpuUtilization, instructionsPerCycle: ipc, cacheMisses: cacheMisses,
            level: level, cpuIndex: cpuIndex, gpuIndex: gpuIndex, temperatureC: temperatureC,
            levelTop1Percent: levelTop1Percent[level])
        guard let base = o.baseAddress else { return }
        ObservationBuilder.standard.write(measurements, into: base)
    }
}

/// A co-runner load as a dictionary key (Platform's `CoRunnerLoad` is not `Hashable`).
private struct LoadKey: Hashable {
    var cpu: Double
    var gpu: Double
}
