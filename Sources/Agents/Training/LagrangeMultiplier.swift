/// The constrained option (a CMDP solved by Lagrangian relaxation, as in Tessler et al., 2019 and Stooke et al.,
/// 2020): the agent maximises `reward − λ·cost` while λ ≥ 0 is learned alongside by dual ascent on the constraint
/// `E[cost] ≤ costLimit`:
///
///     λ ← max(0, λ + learningRate · (observed mean cost − costLimit))
///
/// With cost = 1 for a frame that missed its latency target, `costLimit` is the tolerated miss rate: λ grows while
/// the policy misses more often than that and decays back once it does not.
public struct LagrangeMultiplier: Codable, Equatable, Sendable {
    /// Current λ.
    public private(set) var value: Double
    /// Dual step size.
    public let learningRate: Double
    /// The tolerated mean cost per step (the target miss rate).
    public let costLimit: Double

    public init(initialValue: Double = 0, learningRate: Double, costLimit: Double) {
        value = max(0, initialValue)
        self.learningRate = learningRate
        self.costLimit = costLimit
    }

    /// One dual-ascent step from the mean cost observed since the last one.
    public mutating func update(meanCost: Double) {
        value = max(0, value + learningRate * (meanCost - costLimit))
    }

    /// The reward the agent learns from.
    @inline(__always)
    public func penalized(reward: Double, cost: Double) -> Double { reward - value * cost }
}
