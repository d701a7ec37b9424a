import Glibc
import OFAEngine
import Platform
import Tensor

/// One frame the controller ran itself.
public struct FrameMeasurement: Equatable, Sendable {
    public var latencyMs: Double
    /// Instructions per cycle and cache misses of the inference thread (nil where the kernel offers no hardware
    /// counters, e.g. in a VM).
    public var instructionsPerCycle: Double?
    public var cacheMisses: Double?
}

/// The Dynamic-OFA network run by the controller itself on synthetic frames: the policy's level picks the library's
/// sub-network (`activate`, which touches no weights), then one batch-1 inference of the spec's synthetic image at
/// that sub-network's resolution runs on the calling thread, timed with the monotonic clock and counted with
/// perf_event where the kernel allows.
public final class InferenceWorkload {
    public let engine: SupernetEngine
    /// The library's sub-network per level (the policy file's `library_configs`).
    public let configs: [SubnetConfig]
    /// Why hardware counters are not counted (nil when they are).
    public let countersUnavailable: String?

    private var images: [Int: [Float]] = [:]
    private var logits: [Float]
    private var activeLevel: Int?
    private let counters: PerfCounterGroup?

    /// Parses every library config (errors name the level) and prepares the engine for the largest resolution.
    public init(weights: SupernetWeights, libraryConfigs: [String], policyFile: String) throws(ControllerError) {
        var configs: [SubnetConfig] = []
        for (level, text) in libraryConfigs.enumerated() {
            do {
                configs.append(try SubnetConfig.parse(json: text.utf8, source: "\(policyFile) library level \(level)"))
            } catch {
                throw .policyUnusable(file: policyFile, reason: "\(error)")
            }
        }
        guard let maxResolution = configs.map(\.r).max() else {
            throw .policyUnusable(file: policyFile, reason: "no sub-network library (library_configs is empty)")
        }
        do {
            engine = try SupernetEngine(weights: weights, maxResolution: maxResolution, config: configs[0])
        } catch {
            throw .inference("\(error)")
        }
        self.configs = configs
        for resolution in Set(configs.map(\.r)) { images[resolution] = SyntheticWeights.image(resolution: resolution) }
        logits = Array(repeating: 0, count: weights.architecture.classCount)
        do {
            let group = try PerfCounterGroup([.instructions, .cycles, .cacheMisses], scope: .callingThread)
            if group.events.contains(.instructions), group.events.contains(.cycles) {
                counters = group
                countersUnavailable = nil
            } else {
                counters = nil
                countersUnavailable = "hardware counters: " + group.unavailable.values.sorted().joined(separator: "; ")
            }
        } catch {
            counters = nil
            countersUnavailable = "hardware counters: \(error)"
        }
    }

    /// Loads the workload the configuration asks for, or `nil` for `.none`.
    public static func load(_ workload: ControllerConfiguration.Workload, libraryConfigs: [String], policyFile: String,
                            threads: Int) throws(ControllerError) -> InferenceWorkload? {
        let weights: SupernetWeights
        switch workload {
        case .none: return nil
        case .syntheticWeights: weights = .synthetic(.w1_0)
        case .weights(let path):
            do { weights = try SupernetWeights.load(path: path) } catch { throw .inference("\(error)") }
        }
        Threading.threadCount = max(1, threads)
        return try InferenceWorkload(weights: weights, libraryConfigs: libraryConfigs, policyFile: policyFile)
    }

    /// Switches to `level` if needed and runs one frame.
    public func runFrame(level: Int) throws(ControllerError) -> FrameMeasurement {
        guard configs.indices.contains(level) else {
            throw .inference("level \(level) is outside the library (\(configs.count) levels)")
        }
        let config = configs[level]
        if activeLevel != level {
            do { try engine.activate(config) } catch { throw .inference("\(error)") }
            activeLevel = level
        }
        guard let image = images[config.r] else { throw .inference("no frame prepared at resolution \(config.r)") }
        let before = try? counters?.read()
        let start = ControllerClock.monotonicNs()
        image.withUnsafeBufferPointer { input in
            logits.withUnsafeMutableBufferPointer { output in
                guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return }
                engine.infer(input: inBase, batch: 1, logits: outBase)
            }
        }
        let latencyMs = Double(ControllerClock.monotonicNs() - start) / 1e6
        var measurement = FrameMeasurement(latencyMs: latencyMs, instructionsPerCycle: nil, cacheMisses: nil)
        if let before, let after = try? counters?.read() {
            let instructions = Double((after.values[.instructions] ?? 0) &- (before.values[.instructions] ?? 0))
            let cycles = Double((after.values[.cycles] ?? 0) &- (before.values[.cycles] ?? 0))
            if cycles > 0 { measurement.instructionsPerCycle = instructions / cycles }
            if let missesAfter = after.values[.cacheMisses], let missesBefore = before.values[.cacheMisses] {
                measurement.cacheMisses = Double(missesAfter &- missesBefore)
            }
        }
        return measurement
    }
}
