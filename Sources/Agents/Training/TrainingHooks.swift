import Policy

/// How an agent reports while it trains: scalar metrics under CleanRL's names (`charts/episodic_return`,
/// `losses/td_loss`, ...) with the global step, and progress (the global step) every few hundred steps.
public struct TrainingHooks {
    public var record: (_ name: String, _ value: Double, _ step: Int) -> Void
    public var progress: (_ step: Int) -> Void

    public init(record: @escaping (String, Double, Int) -> Void = { _, _, _ in },
                progress: @escaping (Int) -> Void = { _ in }) {
        self.record = record
        self.progress = progress
    }

    /// Hooks that ignore everything.
    public static var silent: TrainingHooks { TrainingHooks() }
}

/// What every agent offers the trainer (`tandem train`) and the exporter.
public protocol TrainableAgent: AnyObject {
    /// Environment steps taken so far (over all copies of a vector environment).
    var globalStep: Int { get }
    /// Steps are taken in blocks of this many (PPO: one rollout); checkpoints fall on multiples of it.
    var stepGranularity: Int { get }
    /// Trains until `globalStep ≥ step`. Each call starts a segment: the environment is reset with a seed derived
    /// from the run's seed and the current global step, so a run resumed from a checkpoint taken between two calls
    /// continues exactly as the uninterrupted run did.
    func train(until step: Int, hooks: TrainingHooks) throws
    /// The frozen normalisation the agent's networks see.
    var normalization: ObservationNormalization { get }
    /// The model to export (network layers or Q-table).
    func policyModel() -> PolicyModel
    /// The greedy action for a raw observation, computed exactly as `PolicyRuntime` will.
    func greedyAction(_ observation: [Float]) -> [Int]
    /// The whole training state.
    func checkpoint() throws -> CheckpointArchive
    /// The score layout of `policyModel()` as `ActionHeads` groups (nil: one segment per action dimension).
    var headGroups: [[Int]]? { get }
}

extension TrainableAgent {
    public var headGroups: [[Int]]? { nil }
}

/// The seed of the segment that starts at `step` of the run seeded with `seed`.
func segmentSeed(_ seed: UInt64, step: Int) -> UInt64 {
    var stream = RandomStream(seed: seed, stream: UInt64(truncatingIfNeeded: step) &+ 1_000_003)
    return stream.next()
}

/// Accumulates one episode per environment copy and, when it ends, records the CleanRL episode charts plus
/// Tandem's: energy, miss rate (mean constraint cost), mean and p99 latency, mean top-1.
struct EpisodeTracker {
    private var returns: [Double]
    private var lengths: [Int]
    private var energies: [Double]
    private var costs: [Double]
    private var top1: [Double]
    private var latencies: [[Double]]

    init(copies: Int) {
        returns = Array(repeating: 0, count: copies)
        lengths = Array(repeating: 0, count: copies)
        energies = returns
        costs = returns
        top1 = returns
        latencies = Array(repeating: [], count: copies)
    }

    mutating func reset(copy: Int) {
        returns[copy] = 0; lengths[copy] = 0; energies[copy] = 0; costs[copy] = 0; top1[copy] = 0
        latencies[copy].removeAll(keepingCapacity: true)
    }

    mutating func add<S: StepSignals>(copy: Int, reward: Double, signals: S) {
        returns[copy] += reward
        lengths[copy] += 1
        costs[copy] += signals.constraintCost
        if signals.energyJ.isFinite { energies[copy] += signals.energyJ }
        if signals.top1Percent.isFinite { top1[copy] += signals.top1Percent }
        if signals.latencyMs.isFinite { latencies[copy].append(signals.latencyMs) }
    }

    /// Records the finished episode of `copy` and starts a new one.
    mutating func finish(copy: Int, step: Int, hooks: TrainingHooks) {
        let length = Double(max(lengths[copy], 1))
        hooks.record("charts/episodic_return", returns[copy], step)
        hooks.record("charts/episodic_length", Double(lengths[copy]), step)
        hooks.record("charts/miss_rate", costs[copy] / length, step)
        if energies[copy] > 0 { hooks.record("charts/episodic_energy_j", energies[copy], step) }
        if top1[copy] > 0 { hooks.record("charts/mean_top1", top1[copy] / length, step) }
        if !latencies[copy].isEmpty {
            let sorted = latencies[copy].sorted()
            hooks.record("charts/latency_mean_ms", sorted.reduce(0, +) / Double(sorted.count), step)
            hooks.record("charts/latency_p99_ms", Percentile.nearestRank(sorted, 0.99), step)
        }
        reset(copy: copy)
    }
}

/// Percentiles by the nearest-rank method (the value below which `p` of the sorted sample lies).
public enum Percentile {
    public static func nearestRank(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }
}
