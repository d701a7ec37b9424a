import OFA
import Platform

/// The live backend: the Swift OFA engine really runs the chosen sub-network on this machine each frame.
///
/// - latency: a monotonic clock (`ContinuousClock`) around one batch-1 inference;
/// - counters: instructions, cycles and cache misses of the calling thread through `perf_event_open`, where this
///   kernel offers them (a VM often offers none of the hardware ones: then the model's estimates stay, and
///   `capabilities` says so);
/// - frequencies: set through the board's cpufreq/devfreq actuators when it has them and they were handed in (the
///   nearest operating point of the board's own table), never on a machine without them;
/// - energy: from power rails when present (`energySource == .rails`: mean of the readings before and after the
///   frame), otherwise the platform model's active power for that frame (`.model`).
///
/// The scenario's co-runners are not started on this machine: the observation reports the scenario's load, the
/// measured latency reflects whatever else really runs.
public final class SupernetFrameRunner: LiveFrameRunner {
    public let engine: SupernetEngine
    public let configs: [SubnetConfig]
    public let energySource: MeasurementSource
    /// What this machine offered, for logs: counters, rails, actuators.
    public let capabilities: String
    private let counters: PerfCounterGroup?
    private var rails: (any PowerRailSensor)?
    private let cpuActuators: [any FrequencyActuator]
    private let gpuActuator: (any FrequencyActuator)?
    private var images: [Int: [Float]] = [:]
    private var logits: [Float]
    private var activeLevel: Int?
    private var closed = false

    /// `configs[i]` is library level `i`. Counters, rails and actuators are optional: pass what the machine has.
    public init(engine: SupernetEngine, configs: [SubnetConfig], counters: PerfCounterGroup?,
                rails: (any PowerRailSensor)?, cpuActuators: [any FrequencyActuator] = [],
                gpuActuator: (any FrequencyActuator)? = nil) {
        self.engine = engine
        self.configs = configs
        self.counters = counters
        self.rails = rails
        self.cpuActuators = cpuActuators
        self.gpuActuator = gpuActuator
        energySource = rails == nil ? .model : .rails
        logits = Array(repeating: 0, count: engine.architecture.classCount)
        let counterText = counters.map { group in
            group.events.isEmpty ? "none" : group.events.map(\.rawValue).joined(separator: ", ")
        } ?? "none"
        capabilities = "counters: \(counterText); energy: \(rails?.sourceDescription ?? "platform model (no rails)"); "
            + "actuators: \(cpuActuators.count) CPU policies, \(gpuActuator == nil ? "no" : "one") GPU"
    }

    /// A runner for `library` on this machine with `weights`: perf counters of the calling thread where offered,
    /// the board's rails where discovered; no actuators (setting clocks needs root and is the controller's job).
    public static func onThisMachine(library: SubnetLibrary, weights: SupernetWeights, threads: Int = 1) throws
        -> SupernetFrameRunner
    {
        let maxResolution = library.levels.map(\.config.r).max() ?? 224
        let engine = try SupernetEngine(weights: weights, maxResolution: maxResolution, threadCount: threads)
        let board = BoardDiscovery().discover()
        let counters = try? PerfCounterGroup([.instructions, .cycles, .cacheMisses, .taskClock])
        let rails = try? board.powerRailSensor()
        return SupernetFrameRunner(engine: engine, configs: library.levels.map(\.config), counters: counters,
                                   rails: rails ?? nil)
    }

    public func runFrame(level: Int, cpuKHz: Int, gpuKHz: Int, modelPowerW: Double) throws -> LiveFrameMeasurement {
        if closed { throw EnvError.closed }
        for actuator in cpuActuators { try actuator.setFrequency(kHz: Self.nearest(cpuKHz, in: actuator.availableFrequenciesKHz)) }
        if let gpuActuator { try gpuActuator.setFrequency(kHz: Self.nearest(gpuKHz, in: gpuActuator.availableFrequenciesKHz)) }
        let config = configs[level]
        if activeLevel != level {
            try engine.activate(config)
            activeLevel = level
        }
        let image = images[config.r] ?? SyntheticWeights.image(resolution: config.r)
        images[config.r] = image
        let railsBefore = try rails?.read()
        let countersBefore = try counters?.read()
        let clock = ContinuousClock()
        let start = clock.now
        image.withUnsafeBufferPointer { input in
            logits.withUnsafeMutableBufferPointer { output in
                if let inputBase = input.baseAddress, let outputBase = output.baseAddress {
                    engine.infer(input: inputBase, batch: 1, logits: outputBase)
                }
            }
        }
        let elapsed = clock.now - start
        let countersAfter = try counters?.read()
        let railsAfter = try rails?.read()
        let latencyMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15

        var ipc: Double?
        var misses: Double?
        if let before = countersBefore, let after = countersAfter {
            func delta(_ event: PerfEvent) -> Double? {
                guard let a = before.values[event], let b = after.values[event], b >= a else { return nil }
                return Double(b - a)
            }
            if let instructions = delta(.instructions), let cycles = delta(.cycles), cycles > 0 { ipc = instructions / cycles }
            misses = delta(.cacheMisses)
        }
        var powerW = modelPowerW
        if let before = railsBefore, let after = railsAfter {
            // The module's input rail when named (VDD_IN), else the sum of the rails that report power.
            func total(_ samples: [RailSample]) -> Double? {
                if let input = samples.first(where: { $0.name == "VDD_IN" })?.powerW { return input }
                let powers = samples.compactMap(\.powerW)
                return powers.isEmpty ? nil : powers.reduce(0, +)
            }
            if let a = total(before), let b = total(after) { powerW = (a + b) / 2 }
        }
        return LiveFrameMeasurement(latencyMs: latencyMs, powerW: powerW, energySource: energySource,
                                    instructionsPerCycle: ipc, cacheMisses: misses)
    }

    public func close() throws {
        if closed { return }
        closed = true
        counters?.close()
        var firstError: (any Error)?
        for actuator in cpuActuators {
            do { try actuator.restore() } catch { firstError = firstError ?? error }
        }
        if let gpuActuator {
            do { try gpuActuator.restore() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }

    private static func nearest(_ kHz: Int, in table: [Int]) -> Int {
        table.min { abs($0 - kHz) < abs($1 - kHz) } ?? kHz
    }
}
