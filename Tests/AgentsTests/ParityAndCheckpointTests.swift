import Agents
import Environment
import Foundation
import Policy
import PolicyWriter
import TestSupport
import Testing

@Suite("Exported policies act like their agents; checkpoints resume exactly")
struct ParityAndCheckpointTests {
    static func export(_ agent: some TrainableAgent, names: [String], nvec: [Int], to path: String) throws {
        let policy = PolicyFile(
            observationNames: names, normalization: agent.normalization,
            actions: ActionTables(dimensionNames: nvec.indices.map { "d\($0)" }, nvec: nvec, headGroups: agent.headGroups),
            model: agent.policyModel(),
            platform: PlatformIdentity(name: "toy", fingerprint: "toy"),
            provenance: PolicyProvenance(scenario: "toy", seed: 1, steps: agent.globalStep, agent: "test",
                                         tandemVersion: "test", date: "2026-11-25T00:00:00Z"))
        try policy.write(to: path)
    }

    /// 10,000 observations around and beyond the training distribution (one-hot chain positions and noise).
    static func observations(count: Int = 10_000, width: Int) -> [[Float]] {
        var random = RandomStream(seed: 2026)
        return (0..<count).map { index in
            if index % 4 == 0 { return (0..<width).map { $0 == index % width ? 1 : 0 } }
            return (0..<width).map { _ in random.nextFloat() * 3 - 1 }
        }
    }

    static func checkParity(_ agent: some TrainableAgent, width: Int, nvec: [Int]) throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("policy.h5").path
        try export(agent, names: (0..<width).map { "x\($0)" }, nvec: nvec, to: path)
        let runtime = try PolicyRuntime(path: path)
        var mismatches = 0
        for observation in observations(width: width) where try runtime.decide(observation: observation) != agent.greedyAction(observation) {
            mismatches += 1
        }
        #expect(mismatches == 0)
    }

    @Test("PolicyRuntime chooses the agent's greedy action on 10,000 observations: Q-table, DQN, PPO")
    func parity() throws {
        var q = QLearningConfig()
        q.normalizationSteps = 256
        let tabular = try TabularQLearning(env: ChainMDP(), config: q)
        try tabular.train(until: 2000, hooks: .silent)
        try Self.checkParity(tabular, width: 6, nvec: [2, 3])

        var d = DQNConfig()
        d.learningStarts = 100
        d.normalizationSteps = 256
        let dqn = try BranchingDQN(env: ChainMDP(), config: d)
        try dqn.train(until: 1000, hooks: .silent)
        try Self.checkParity(dqn, width: 6, nvec: [2, 3])

        var p = PPOConfig()
        p.numEnvs = 2
        p.numSteps = 64
        p.normalizationSteps = 256
        let ppo = try PPO(config: p) { _ in ChainMDP() }
        try ppo.train(until: 1024, hooks: .silent)
        try Self.checkParity(ppo, width: 6, nvec: [2, 3])
    }

    /// Trains to `total` with a checkpoint at `middle`, and separately resumes from the checkpoint file; the two
    /// must end in the same state.
    static func resumeMatches<A: TrainableAgent>(
        make: () throws -> A, resume: (CheckpointArchive) throws -> A, middle: Int, total: Int,
        state: (A) -> [Float]
    ) throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("checkpoint.h5").path
        let uninterrupted = try make()
        try uninterrupted.train(until: middle, hooks: .silent)
        try uninterrupted.checkpoint().write(to: path)
        try uninterrupted.train(until: total, hooks: .silent)

        let resumed = try resume(try CheckpointArchive.read(from: path))
        #expect(resumed.globalStep == middle)
        try resumed.train(until: total, hooks: .silent)
        #expect(resumed.globalStep == uninterrupted.globalStep)
        #expect(state(resumed) == state(uninterrupted))
    }

    @Test("a run resumed from its checkpoint ends exactly where the uninterrupted run does")
    func resume() throws {
        var q = QLearningConfig()
        q.normalizationSteps = 128
        try Self.resumeMatches(
            make: { try TabularQLearning(env: ChainMDP(), config: q) },
            resume: { try TabularQLearning(env: ChainMDP(), checkpoint: $0) },
            middle: 700, total: 1500, state: { $0.table })

        var d = DQNConfig()
        d.learningStarts = 100
        d.normalizationSteps = 128
        try Self.resumeMatches(
            make: { try BranchingDQN(env: ChainMDP(), config: d) },
            resume: { try BranchingDQN(env: ChainMDP(), checkpoint: $0) },
            middle: 500, total: 900, state: { $0.qNetwork.parameters + $0.targetNetwork.parameters })

        var p = PPOConfig()
        p.numEnvs = 2
        p.numSteps = 32
        p.normalizationSteps = 128
        try Self.resumeMatches(
            make: { try PPO(config: p) { _ in ChainMDP() } },
            resume: { try PPO(checkpoint: $0) { _ in ChainMDP() } },
            middle: 256, total: 512, state: { $0.actor.parameters + $0.critic.parameters })
    }

    @Test("a checkpoint for another agent or a damaged file is refused with its name")
    func badCheckpoint() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("checkpoint.h5").path
        var q = QLearningConfig()
        q.normalizationSteps = 64
        let agent = try TabularQLearning(env: ChainMDP(), config: q)
        try agent.checkpoint().write(to: path)
        let archive = try CheckpointArchive.read(from: path)
        #expect(throws: (any Error).self) { try BranchingDQN(env: ChainMDP(), checkpoint: archive) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CheckpointArchive.read(from: path)
            Issue.record("a truncated checkpoint was accepted")
        } catch {
            #expect("\(error)".contains(path))
        }
    }
}
