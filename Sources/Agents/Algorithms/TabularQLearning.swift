// Tabular Q-learning (Watkins, 1989) on a discretised observation, with one table segment per action dimension
// (the tabular counterpart of action branching: a joint table would need Π nvec columns). Every segment of the
// visited state moves toward the same target, the branch-averaged greedy bootstrap:
//   y = r − λc + γ (1 − terminated) · (1/D) Σ_d max_a Q_d(s', a),   Q_d(s, a_d) ← Q_d(s, a_d) + α (y − Q_d(s, a_d))
import Environment
import Policy

/// Tabular Q-learning's hyperparameters.
public struct QLearningConfig: Codable, Equatable, Sendable {
    /// the seed of the experiment
    public var seed: UInt64 = 1
    /// total environment steps of the experiment
    public var totalTimesteps = 50_000
    /// the step size α of the tabular update
    public var learningRate = 0.1
    /// the discount factor gamma
    public var gamma = 0.9
    /// the starting epsilon for exploration
    public var startE = 1.0
    /// the ending epsilon for exploration
    public var endE = 0.02
    /// the fraction of `totalTimesteps` it takes from startE to go endE
    public var explorationFraction = 0.5
    /// the most bins per discretised feature (quantiles of the random-policy observations)
    public var binsPerFeature = 4
    /// indices of the observation features to discretise (nil: all of them)
    public var features: [Int]? = nil
    /// random-policy steps that estimate the bins (and the recorded normalisation)
    public var normalizationSteps = 512
    /// the largest table allowed, in floats (states × Σ nvec)
    public var maxTableSize = 2_000_000
    /// learn a Lagrange multiplier on the constraint cost (latency-target misses)
    public var constrained = false
    /// the tolerated mean constraint cost per step when constrained
    public var costLimit = 0.01
    /// the dual-ascent step size of the Lagrange multiplier
    public var lagrangeLearningRate = 0.5
    /// environment steps between two Lagrange multiplier updates
    public var lagrangeUpdateFrequency = 500

    public init() {}
}

/// The configuration cannot be run as given.
public struct AgentConfigurationError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "agent configuration: \(reason)" }
}

/// A tabular Q-learning agent.
public final class TabularQLearning<E: FlatEnv>: TrainableAgent where E.Info: StepSignals {
    public let config: QLearningConfig
    public let env: E
    public let nvec: [Int]
    public let normalization: ObservationNormalization
    public let discretization: ObservationDiscretization
    /// `stateCount × Σ nvec`, row-major.
    public private(set) var table: [Float]
    public private(set) var globalStep = 0
    public var stepGranularity: Int { 1 }
    private let scoreCount: Int
    private var explorationRandom: RandomStream
    private var lagrange: LagrangeMultiplier
    private var windowCost = 0.0
    private var windowSteps = 0

    public convenience init(env: E, config: QLearningConfig) throws {
        let statistics = try ObservationStatistics.gather(env, steps: config.normalizationSteps, seed: config.seed)
        let grid = ObservationDiscretization(edges: statistics.quantileEdges(bins: config.binsPerFeature,
                                                                             features: config.features))
        try self.init(env: env, config: config, normalization: statistics.normalization, discretization: grid)
    }

    private init(env: E, config: QLearningConfig, normalization: ObservationNormalization,
                 discretization: ObservationDiscretization) throws {
        self.config = config
        self.env = env
        nvec = env.actionSpace.nvec
        scoreCount = nvec.reduce(0, +)
        self.normalization = normalization
        self.discretization = discretization
        if let problem = discretization.problem() { throw AgentConfigurationError(reason: problem) }
        let size = discretization.stateCount * scoreCount
        guard size <= config.maxTableSize else {
            throw AgentConfigurationError(reason: "the Q-table would hold \(size) values (\(discretization.stateCount) states × \(scoreCount)); limit \(config.maxTableSize): use fewer features or bins")
        }
        table = [Float](repeating: 0, count: size)
        explorationRandom = RandomStream(seed: config.seed, stream: 2)
        lagrange = LagrangeMultiplier(learningRate: config.lagrangeLearningRate, costLimit: config.costLimit)
    }

    public func greedyAction(_ observation: [Float]) -> [Int] { greedy(state: discretization.state(of: observation)) }

    private func greedy(state: Int) -> [Int] {
        var action = [Int](repeating: 0, count: nvec.count)
        table.withUnsafeBufferPointer { values in
            action.withUnsafeMutableBufferPointer { a in
                if let base = values.baseAddress, let ab = a.baseAddress {
                    ActionDecoding.argmaxPerDimension(base + state * scoreCount, nvec: nvec, into: ab)
                }
            }
        }
        return action
    }

    public func policyModel() -> PolicyModel { .qTable(discretization: discretization, values: table) }

    public func train(until step: Int, hooks: TrainingHooks) throws {
        // TRY NOT TO MODIFY: start the segment
        var tracker = EpisodeTracker(copies: 1)
        var state = discretization.state(of: try env.reset(seed: segmentSeed(config.seed, step: globalStep), options: [:]).observation)
        while globalStep < step {
            // ALGO LOGIC: ε-greedy action
            let epsilon = BranchingDQN<E>.linearSchedule(
                start: config.startE, end: config.endE,
                duration: config.explorationFraction * Double(config.totalTimesteps), step: globalStep)
            let action = explorationRandom.nextDouble() < epsilon
                ? nvec.map { explorationRandom.nextInt(below: $0) } : greedy(state: state)

            // TRY NOT TO MODIFY: execute the game and log data.
            let result = try env.step(action.indices.map { action[$0] + env.actionSpace.start[$0] })
            let nextState = discretization.state(of: result.observation)
            let cost = result.info.constraintCost
            tracker.add(copy: 0, reward: result.reward, signals: result.info)
            globalStep += 1
            windowCost += cost
            windowSteps += 1

            // ALGO LOGIC: the tabular update
            var bootstrap = 0.0
            var offset = 0
            for dimension in 0..<nvec.count {
                var best = table[nextState * scoreCount + offset]
                for a in 1..<nvec[dimension] { best = max(best, table[nextState * scoreCount + offset + a]) }
                bootstrap += Double(best)
                offset += nvec[dimension]
            }
            bootstrap /= Double(nvec.count)
            let y = lagrange.penalized(reward: result.reward, cost: cost)
                + config.gamma * (result.terminated ? 0 : 1) * bootstrap
            offset = 0
            var tdError = 0.0
            for dimension in 0..<nvec.count {
                let position = state * scoreCount + offset + action[dimension]
                let error = y - Double(table[position])
                table[position] += Float(config.learningRate * error)
                tdError += error * error
                offset += nvec[dimension]
            }
            if globalStep % 100 == 0 {
                hooks.record("losses/td_loss", tdError / Double(nvec.count), globalStep)
                hooks.record("charts/epsilon", epsilon, globalStep)
            }

            // TRY NOT TO MODIFY: CRUCIAL step easy to overlook
            state = nextState
            if result.isDone {
                tracker.finish(copy: 0, step: globalStep, hooks: hooks)
                state = discretization.state(of: try env.reset(seed: nil, options: [:]).observation)
            }
            if config.constrained && windowSteps >= config.lagrangeUpdateFrequency {
                lagrange.update(meanCost: windowCost / Double(windowSteps))
                hooks.record("charts/lagrange_multiplier", lagrange.value, globalStep)
                windowCost = 0
                windowSteps = 0
            }
            if globalStep % 256 == 0 { hooks.progress(globalStep) }
        }
        hooks.progress(globalStep)
    }

    // MARK: checkpoints

    public func checkpoint() throws -> CheckpointArchive {
        var archive = CheckpointArchive()
        try archive.encode(config, as: "config")
        try archive.encode(normalization, as: "normalization")
        try archive.encode(discretization, as: "discretization")
        try archive.encode(lagrange, as: "lagrange")
        archive.strings["agent"] = "q"
        archive.floats["table"] = table
        archive.floats["window_cost"] = [Float(windowCost)]
        archive.integers["counters"] = [globalStep, windowSteps]
        archive.store(explorationRandom, as: "exploration_random")
        return archive
    }

    public convenience init(env: E, checkpoint archive: CheckpointArchive, file: String = "checkpoint") throws {
        try self.init(env: env, config: try archive.decode(QLearningConfig.self, "config", file: file),
                      normalization: try archive.decode(ObservationNormalization.self, "normalization", file: file),
                      discretization: try archive.decode(ObservationDiscretization.self, "discretization", file: file))
        let restored = try archive.floats("table", file: file)
        let counters = try archive.integers("counters", file: file)
        guard restored.count == table.count, counters.count == 2 else {
            throw CheckpointArchive.Missing(file: file, entry: "table or counters (shape differs)")
        }
        table = restored
        globalStep = counters[0]
        windowSteps = counters[1]
        windowCost = Double(try archive.floats("window_cost", file: file).first ?? 0)
        lagrange = try archive.decode(LagrangeMultiplier.self, "lagrange", file: file)
        explorationRandom = try archive.stream("exploration_random", file: file)
    }
}
