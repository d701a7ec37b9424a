import Agents
import Environment

/// A contextual bandit with a known optimum. Each one-step episode draws a context c ∈ {0, 1} (the observation is
/// its one-hot); the action is [arm ∈ 0..<3, bonus ∈ 0..<2] and pays `armReward[c][arm] + bonusReward[bonus]`.
/// The best action is [2, 1] in context 0 and [0, 1] in context 1. `costArm`, when set, costs 1 (a "latency miss").
final class ContextualBandit: FlatEnv {
    static let armReward: [[Double]] = [[0.1, 0.4, 1.0], [0.9, 0.2, 0.0]]
    static let bonusReward: [Double] = [0.0, 0.3]
    static func optimalAction(context: Int) -> [Int] { context == 0 ? [2, 1] : [0, 1] }

    struct Info: StepSignals, Equatable, Sendable {
        var cost: Double
        var constraintCost: Double { cost }
    }

    let observationSpace = Box(low: 0, high: 1, shape: [2])
    let actionSpace = MultiDiscrete([3, 2])
    var observationCount: Int { 2 }
    private(set) var rng = Xoshiro256StarStar(seed: 0)
    private var context = 0
    /// When set, pulling this arm (in any context) has constraint cost 1.
    var costArm: Int?

    init(costArm: Int? = nil) { self.costArm = costArm }

    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws -> Info {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        context = rng.nextInt(below: 2)
        observation[0] = context == 0 ? 1 : 0
        observation[1] = context == 1 ? 1 : 0
        return Info(cost: 0)
    }

    func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Info>
    {
        let reward = Self.armReward[context][action[0]] + Self.bonusReward[action[1]]
        observation[0] = context == 0 ? 1 : 0
        observation[1] = context == 1 ? 1 : 0
        return StepOutcome(reward: reward, terminated: true, truncated: false,
                           info: Info(cost: action[0] == costArm ? 1 : 0))
    }

    func close() throws {}
}

/// A chain MDP with a known optimum: positions 0…length−1, start at 0, observation the one-hot position. Action
/// [move ∈ {left, right}, effort ∈ 0..<3]. Each step pays −0.01 − 0.05·effort; moving left at position 0 pays
/// +0.002 instead (a distractor); reaching the last position pays +1 and terminates. Episodes are cut (truncated)
/// after `timeLimit` steps. Optimal: always [right, effort 0], return 1 − 0.01·(length − 2).
final class ChainMDP: FlatEnv {
    typealias Info = NoInfo
    let length: Int
    let timeLimit: Int
    let observationSpace: Box
    let actionSpace = MultiDiscrete([2, 3])
    var observationCount: Int { length }
    private(set) var rng = Xoshiro256StarStar(seed: 0)
    private var position = 0
    private var elapsed = 0

    init(length: Int = 6, timeLimit: Int = 20) {
        self.length = length
        self.timeLimit = timeLimit
        observationSpace = Box(low: 0, high: 1, shape: [length])
    }

    private func write(_ observation: UnsafeMutableBufferPointer<Float>) {
        for index in 0..<length { observation[index] = index == position ? 1 : 0 }
    }

    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws -> NoInfo {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        position = 0
        elapsed = 0
        write(observation)
        return NoInfo()
    }

    func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<NoInfo>
    {
        elapsed += 1
        var reward = -0.01 - 0.05 * Double(action[1])
        if action[0] == 0 {
            if position == 0 { reward = 0.002 }
            position = max(0, position - 1)
        } else {
            position += 1
        }
        let terminated = position == length - 1
        if terminated { reward += 1 }
        write(observation)
        return StepOutcome(reward: reward, terminated: terminated, truncated: !terminated && elapsed >= timeLimit,
                           info: NoInfo())
    }

    func close() throws {}
}
