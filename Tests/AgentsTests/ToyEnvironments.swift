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

/// A small DVFS board with a closed-form frame, laid out like `RuntimeEnv` (`ObservationLayout`): the latency target
/// (60 or 90 ms) and a GPU co-runner (0 or 0.6 utilisation) are drawn per 10-frame episode and observed. Action
/// [level ∈ 0..<3, CPU OPP ∈ 0..<3, GPU OPP ∈ 0..<4]:
///
///     latency_ms = gpuWork[level] / f_gpu_GHz · (1 + corunner) + 8 / f_cpu_GHz
///     energy_J   = (0.5 + 1.5 f_gpu² + 0.4 f_cpu²) · latency_ms / 1000 + 0.3 · 100 / 1000
///
/// so the best action per context is a brute-force search away. Rewards are `RewardConfig.standard`'s with an
/// accuracy weight (`planningObjective`).
final class ToyDVFSBoard: FlatEnv {
    struct Info: StepSignals, Equatable, Sendable {
        var latencyMs: Double
        var energyJ: Double
        var top1Percent: Double
        var missed: Bool
        var constraintCost: Double { missed ? 1 : 0 }
    }

    static let gpuWork: [Double] = [20, 35, 55]
    static let top1: [Double] = [70, 74, 77]
    static let cpuKHz = [800_000, 1_400_000, 2_000_000]
    static let gpuKHz = [300_000, 600_000, 900_000, 1_200_000]
    static let targets: [Double] = [60, 90]
    static let corunners: [Double] = [0, 0.6]
    static let accuracyWeight = 0.01

    static var planningObjective: PlanningObjective {
        PlanningObjective(reward: .standard, accuracyWeightPerPoint: accuracyWeight, levelTop1Percent: top1,
                          cpuFrequenciesKHz: cpuKHz, gpuFrequenciesKHz: gpuKHz)
    }

    static func frame(level: Int, cpu: Int, gpu: Int, corunner: Double) -> (latencyMs: Double, energyJ: Double) {
        let fGPU = Double(gpuKHz[gpu]) / 1e6, fCPU = Double(cpuKHz[cpu]) / 1e6
        let latency = gpuWork[level] / fGPU * (1 + corunner) + 8 / fCPU
        let energy = (0.5 + 1.5 * fGPU * fGPU + 0.4 * fCPU * fCPU) * latency / 1000 + 0.03
        return (latency, energy)
    }

    static func reward(level: Int, cpu: Int, gpu: Int, target: Double, corunner: Double) -> Double {
        let f = frame(level: level, cpu: cpu, gpu: gpu, corunner: corunner)
        return RewardConfig.standard.reward(energyJ: f.energyJ, latencyMs: f.latencyMs, targetMs: target,
                                            top1Percent: top1[level], floorPercent: 0, switches: 0)
            - accuracyWeight * (top1.max()! - top1[level])
    }

    /// The best action and its reward in a context, by brute force.
    static func optimum(target: Double, corunner: Double) -> (action: [Int], reward: Double) {
        var best: ([Int], Double) = ([0, 0, 0], -.infinity)
        for l in 0..<3 { for c in 0..<3 { for g in 0..<4 {
            let r = reward(level: l, cpu: c, gpu: g, target: target, corunner: corunner)
            if r > best.1 { best = ([l, c, g], r) }
        } } }
        return best
    }

    let observationSpace = Box(low: 0, high: 1000, shape: [ObservationLayout.count])
    let actionSpace = MultiDiscrete([3, 3, 4])
    var observationCount: Int { ObservationLayout.count }
    private(set) var rng = Xoshiro256StarStar(seed: 0)
    private(set) var target = 60.0
    private(set) var corunner = 0.0
    private var frames = 0

    static func observation(target: Double, corunner: Double, into o: UnsafeMutableBufferPointer<Float>) {
        for k in 0..<o.count { o[k] = 0 }
        o[ObservationLayout.latencyTargetMs] = Float(target)
        o[ObservationLayout.coRunnerGPUUtilization] = Float(corunner)
    }

    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws -> Info {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        target = Self.targets[rng.nextInt(below: 2)]
        corunner = Self.corunners[rng.nextInt(below: 2)]
        frames = 0
        Self.observation(target: target, corunner: corunner, into: observation)
        return Info(latencyMs: 0, energyJ: 0, top1Percent: 0, missed: false)
    }

    func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Info>
    {
        let f = Self.frame(level: action[0], cpu: action[1], gpu: action[2], corunner: corunner)
        let reward = Self.reward(level: action[0], cpu: action[1], gpu: action[2], target: target, corunner: corunner)
        frames += 1
        Self.observation(target: target, corunner: corunner, into: observation)
        return StepOutcome(reward: reward, terminated: false, truncated: frames >= 10,
                           info: Info(latencyMs: f.latencyMs, energyJ: f.energyJ, top1Percent: Self.top1[action[0]],
                                      missed: f.latencyMs > target))
    }

    func close() throws {}
}
