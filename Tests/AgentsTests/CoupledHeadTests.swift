import Agents
import Environment
import Foundation
import Policy
import PolicyWriter
import TestSupport
import Testing

/// A contextual bandit whose best action needs two dimensions chosen together. The observation is the one-hot
/// context c ∈ {0, 1}; the action is [level ∈ 0..<3, clock ∈ 0..<3, other ∈ 0..<2] and pays
/// `joint[c][level][clock] + otherBonus[other]`. In context 0 the best pair is (0, 0) = 1.0, but level 0 and clock 0
/// are each poor on average (the rest of their row/column pays 0) while (1|2, 1|2) pay 0.8: a learner that judges
/// each dimension on its own (independent argmaxes) settles on a 0.8 pair. Context 1 mirrors it at (2, 2).
final class CoupledBandit: FlatEnv {
    static let joint: [[[Double]]] = [
        [[1.0, 0.0, 0.0], [0.0, 0.8, 0.8], [0.0, 0.8, 0.8]],
        [[0.8, 0.8, 0.0], [0.8, 0.8, 0.0], [0.0, 0.0, 1.0]],
    ]
    static let otherBonus: [Double] = [0.0, 0.3]
    static let optimum: [[Int]] = [[0, 0, 1], [2, 2, 1]]
    static func payoff(context: Int, _ action: [Int]) -> Double { joint[context][action[0]][action[1]] + otherBonus[action[2]] }

    struct Info: StepSignals, Equatable, Sendable { var constraintCost: Double { 0 } }

    let observationSpace = Box(low: 0, high: 1, shape: [2])
    let actionSpace = MultiDiscrete([3, 3, 2])
    var observationCount: Int { 2 }
    private(set) var rng = Xoshiro256StarStar(seed: 0)
    private var context = 0

    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws -> Info {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        context = rng.nextInt(below: 2)
        observation[0] = context == 0 ? 1 : 0
        observation[1] = context == 1 ? 1 : 0
        return Info()
    }

    func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Info>
    {
        let reward = Self.payoff(context: context, Array(action))
        observation[0] = context == 0 ? 1 : 0
        observation[1] = context == 1 ? 1 : 0
        return StepOutcome(reward: reward, terminated: true, truncated: false, info: Info())
    }

    func close() throws {}
}

@Suite("DQN's coupled head: learns joint choices branching heads cannot; the policy file executes it exactly")
struct CoupledHeadTests {
    static func config(heads: [[Int]]?) -> DQNConfig {
        var config = DQNConfig()
        config.totalTimesteps = 3000
        config.learningStarts = 200
        config.normalizationSteps = 256
        config.hiddenSizes = [32, 32]
        config.targetNetworkFrequency = 100
        config.gamma = 0
        config.headGroups = heads
        return config
    }

    static func choices(_ agent: some TrainableAgent) -> [[Int]] { [agent.greedyAction([1, 0]), agent.greedyAction([0, 1])] }

    @Test("the coupled head finds both joint optima; independent branches settle below them")
    func learnsCoupledOptimum() throws {
        let coupled = try BranchingDQN(env: CoupledBandit(), config: Self.config(heads: [[0, 1], [2]]))
        try coupled.train(until: 3000, hooks: .silent)
        #expect(Self.choices(coupled) == CoupledBandit.optimum)

        let branching = try BranchingDQN(env: CoupledBandit(), config: Self.config(heads: nil))
        try branching.train(until: 3000, hooks: .silent)
        let payoffs = Self.choices(branching).enumerated().map { CoupledBandit.payoff(context: $0, $1) }
        let best = CoupledBandit.optimum.enumerated().map { CoupledBandit.payoff(context: $0, $1) }
        #expect(payoffs.reduce(0, +) < best.reduce(0, +) - 0.1, "branching found \(Self.choices(branching))")
    }

    @Test("a layout that is not a partition of the action dimensions is refused")
    func badLayout() {
        #expect(throws: InvalidHeadLayout.self) { _ = try BranchingDQN(env: CoupledBandit(), config: Self.config(heads: [[0, 1]])) }
        #expect(throws: InvalidHeadLayout.self) { _ = try BranchingDQN(env: CoupledBandit(), config: Self.config(heads: [[0, 1], [1, 2]])) }
    }

    @Test("PolicyRuntime from the file chooses the coupled agent's greedy action on 10,000 observations")
    func parity() throws {
        let agent = try BranchingDQN(env: CoupledBandit(), config: Self.config(heads: [[0, 1], [2]]))
        try agent.train(until: 600, hooks: .silent)
        #expect(agent.headGroups == [[0, 1], [2]])
        let folder = try TemporaryDirectory()
        let path = folder.file("coupled.h5").path
        let policy = PolicyFile(
            observationNames: ["c0", "c1"], normalization: agent.normalization,
            actions: ActionTables(dimensionNames: ["level", "clock", "other"], nvec: [3, 3, 2], headGroups: agent.headGroups),
            model: agent.policyModel(), platform: PlatformIdentity(name: "toy", fingerprint: "toy"),
            provenance: PolicyProvenance(scenario: "toy", seed: 1, steps: agent.globalStep, agent: "test",
                                         tandemVersion: "test", date: "2026-11-25T00:00:00Z"))
        try policy.write(to: path)
        let runtime = try PolicyRuntime(path: path)
        #expect(runtime.heads.groups == [[0, 1], [2]])
        var mismatches = 0
        for observation in ParityAndCheckpointTests.observations(width: 2)
        where try runtime.decide(observation: observation) != agent.greedyAction(observation) {
            mismatches += 1
        }
        #expect(mismatches == 0)
    }
}
