import Environment

/// What the trainer reads from an environment's step info besides the reward: the constraint cost for the
/// constrained option and the quantities the metrics log reports per episode. `RuntimeEnv`'s info conforms with
/// its frame's energy, latency and miss; toy environments use `NoInfo` (no cost, nothing to report).
public protocol StepSignals {
    /// The step's constraint cost (a latency-target miss: 1, else 0). The constrained option keeps its episode
    /// average at `LagrangeMultiplier.costLimit`.
    var constraintCost: Double { get }
    /// Energy of the step in joules (NaN when the environment has none).
    var energyJ: Double { get }
    /// Latency of the step's frame in milliseconds (NaN when none).
    var latencyMs: Double { get }
    /// Top-1 accuracy of the network that ran the step, percent (NaN when none).
    var top1Percent: Double { get }
}

extension StepSignals {
    public var energyJ: Double { .nan }
    public var latencyMs: Double { .nan }
    public var top1Percent: Double { .nan }
}

extension NoInfo: StepSignals {
    public var constraintCost: Double { 0 }
}
