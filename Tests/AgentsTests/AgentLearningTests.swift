import Agents
import Environment
import Policy
import Testing

/// Each agent must find the known optimum of the toy environments (ToyEnvironments.swift).
@Suite("Agents learn small environments with known optima")
struct AgentLearningTests {
    static func qConfig(steps: Int) -> QLearningConfig {
        var config = QLearningConfig()
        config.totalTimesteps = steps
        config.normalizationSteps = 256
        config.learningRate = 0.2
        return config
    }

    static func dqnConfig(steps: Int) -> DQNConfig {
        var config = DQNConfig()
        config.totalTimesteps = steps
        config.learningStarts = 200
        config.normalizationSteps = 256
        config.hiddenSizes = [32, 32]
        config.targetNetworkFrequency = 100
        return config
    }

    static func ppoConfig(steps: Int) -> PPOConfig {
        var config = PPOConfig()
        config.totalTimesteps = steps
        config.numEnvs = 4
        config.numSteps = 64
        config.learningRate = 3e-3
        config.normalizationSteps = 256
        config.hiddenSizes = [32, 32]
        return config
    }

    /// The greedy action in both contexts of the bandit.
    static func banditChoices(_ agent: some TrainableAgent) -> [[Int]] {
        [agent.greedyAction([1, 0]), agent.greedyAction([0, 1])]
    }

    static let banditOptimum = [ContextualBandit.optimalAction(context: 0), ContextualBandit.optimalAction(context: 1)]

    /// Runs the greedy policy on the chain from the start; returns the actions taken until the end.
    static func chainRollout(_ agent: some TrainableAgent, length: Int = 6) throws -> [[Int]] {
        let env = ChainMDP(length: length)
        var observation = try env.reset(seed: 0).observation
        var actions: [[Int]] = []
        for _ in 0..<20 {
            let action = agent.greedyAction(observation)
            actions.append(action)
            let result = try env.step(action)
            observation = result.observation
            if result.isDone { break }
        }
        return actions
    }

    static let chainOptimum = Array(repeating: [1, 0], count: 5)

    @Test("tabular Q-learning: bandit and chain")
    func tabular() throws {
        let bandit = try TabularQLearning(env: ContextualBandit(), config: Self.qConfig(steps: 3000))
        try bandit.train(until: 3000, hooks: .silent)
        #expect(Self.banditChoices(bandit) == Self.banditOptimum)

        let chain = try TabularQLearning(env: ChainMDP(), config: Self.qConfig(steps: 6000))
        try chain.train(until: 6000, hooks: .silent)
        #expect(try Self.chainRollout(chain) == Self.chainOptimum)
    }

    @Test("branching DQN: bandit and chain")
    func dqn() throws {
        let bandit = try BranchingDQN(env: ContextualBandit(), config: Self.dqnConfig(steps: 2000))
        try bandit.train(until: 2000, hooks: .silent)
        #expect(Self.banditChoices(bandit) == Self.banditOptimum)

        let chain = try BranchingDQN(env: ChainMDP(), config: Self.dqnConfig(steps: 4000))
        try chain.train(until: 4000, hooks: .silent)
        let rollout = try Self.chainRollout(chain)
        #expect(rollout == Self.chainOptimum)
    }

    @Test("PPO with MultiDiscrete heads: bandit and chain")
    func ppo() throws {
        let bandit = try PPO(config: Self.ppoConfig(steps: 8192)) { _ in ContextualBandit() }
        try bandit.train(until: 8192, hooks: .silent)
        #expect(Self.banditChoices(bandit) == Self.banditOptimum)

        var chainConfig = Self.ppoConfig(steps: 16384)
        chainConfig.gamma = 0.95
        let chain = try PPO(config: chainConfig) { _ in ChainMDP() }
        var returns: [Double] = []
        try chain.train(until: 16384, hooks: TrainingHooks(record: { name, value, _ in
            if name == "charts/episodic_return" { returns.append(value) }
        }))
        #expect(try Self.chainRollout(chain) == Self.chainOptimum)
        #expect(!returns.isEmpty)
    }

    @Test("the constrained option learns λ and gives up a rewarding arm that violates the constraint")
    func constrained() throws {
        // Arm 2 is best in context 0 but costs 1 per pull; with a 5% limit the agent must settle for arm 1.
        var config = Self.qConfig(steps: 6000)
        config.constrained = true
        config.costLimit = 0.05
        config.lagrangeUpdateFrequency = 200
        config.lagrangeLearningRate = 1
        let agent = try TabularQLearning(env: ContextualBandit(costArm: 2), config: config)
        var multipliers: [Double] = []
        try agent.train(until: 6000, hooks: TrainingHooks(record: { name, value, _ in
            if name == "charts/lagrange_multiplier" { multipliers.append(value) }
        }))
        #expect((multipliers.max() ?? 0) > 0.6, "λ must exceed the arm's reward advantage (0.6)")
        #expect(agent.greedyAction([1, 0]) == [1, 1])

        var unconstrained = Self.qConfig(steps: 6000)
        unconstrained.constrained = false
        let greedy = try TabularQLearning(env: ContextualBandit(costArm: 2), config: unconstrained)
        try greedy.train(until: 6000, hooks: .silent)
        #expect(greedy.greedyAction([1, 0]) == [2, 1])
    }
}
