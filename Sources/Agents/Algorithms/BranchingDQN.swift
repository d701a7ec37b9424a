// Branching DQN: one Q-head per action dimension over a shared trunk (Tavakoli, Pardo & Kormushev, "Action
// Branching Architectures for Deep Reinforcement Learning", AAAI 2018), with double-Q targets (van Hasselt et al.,
// 2016), a target network, uniform replay and a Huber TD loss. The structure follows CleanRL's dqn.py: the config,
// then the network, then the loop.
import Environment
import Policy
import Tensor

/// DQN's hyperparameters (every field has a documented default; `tandem train --agent dqn` uses them as they are
/// unless told otherwise).
public struct DQNConfig: Codable, Equatable, Sendable {
    /// the seed of the experiment (network initialisation, exploration, replay sampling, environment segments)
    public var seed: UInt64 = 1
    /// total environment steps of the experiment
    public var totalTimesteps = 50_000
    /// widths of the shared hidden layers
    public var hiddenSizes = [64, 64]
    /// the learning rate of the Adam optimizer
    public var learningRate: Float = 1e-3
    /// the replay memory buffer size
    public var bufferSize = 20_000
    /// the discount factor gamma
    public var gamma: Double = 0.9
    /// the target network update rate (1: hard copy)
    public var tau: Float = 1
    /// the timesteps it takes to update the target network
    public var targetNetworkFrequency = 250
    /// the batch size of sample from the replay memory
    public var batchSize = 64
    /// the starting epsilon for exploration
    public var startE = 1.0
    /// the ending epsilon for exploration
    public var endE = 0.02
    /// the fraction of `totalTimesteps` it takes from startE to go endE
    public var explorationFraction = 0.3
    /// timestep to start learning
    public var learningStarts = 500
    /// the frequency of training (environment steps per gradient step)
    public var trainFrequency = 1
    /// the Huber loss threshold δ on the TD error
    public var huberDelta: Float = 1
    /// the maximum global norm of the gradient
    public var maxGradNorm: Float = 10
    /// random-policy steps that estimate the frozen observation normalisation
    public var normalizationSteps = 512
    /// learn a Lagrange multiplier on the constraint cost (latency-target misses)
    public var constrained = false
    /// the tolerated mean constraint cost per step (the target miss rate) when constrained
    public var costLimit = 0.01
    /// the dual-ascent step size of the Lagrange multiplier
    public var lagrangeLearningRate = 0.5
    /// environment steps between two Lagrange multiplier updates
    public var lagrangeUpdateFrequency = 500
    /// the Q-head layout (`ActionHeads` groups): nil for one branch per action dimension (BDQ); e.g. `[[0, 2], [1]]`
    /// for a coupled head, one Q-value per joint (level, GPU OPP) choice plus a CPU OPP branch
    public var headGroups: [[Int]]? = nil

    public init() {}
}

/// The DQN config names a head layout that is not a partition of the environment's action dimensions.
public struct InvalidHeadLayout: Error, CustomStringConvertible {
    public let groups: [[Int]]
    public let nvec: [Int]
    public var description: String {
        "DQN head layout \(groups) is not a partition of the action dimensions of nvec \(nvec)"
    }
}

/// A branching DQN agent learning in one environment. With `DQNConfig.headGroups` some dimensions share one joint
/// Q-head (each joint choice its own Q-value), so the agent can represent choices that only pay off together (this
/// sub-network needs that GPU clock); the independent-argmax branches cannot.
public final class BranchingDQN<E: FlatEnv>: TrainableAgent where E.Info: StepSignals {
    public let config: DQNConfig
    public let env: E
    public let nvec: [Int]
    /// The Q-head layout: one score segment per group of action dimensions.
    public let heads: ActionHeads
    public let normalization: ObservationNormalization
    public private(set) var qNetwork: TrainableMLP
    public private(set) var targetNetwork: TrainableMLP
    public private(set) var globalStep = 0
    public var stepGranularity: Int { 1 }
    private var optimizer: Adam
    private var buffer: ReplayBuffer
    private var explorationRandom: RandomStream
    private var replayRandom: RandomStream
    private var lagrange: LagrangeMultiplier
    private var windowCost = 0.0
    private var windowSteps = 0
    // Preallocated workspaces (not state: rebuilt on resume).
    private let online: TrainableMLP.Batch
    private let onlineNext: TrainableMLP.Batch
    private let target: TrainableMLP.Batch
    private var gradients: [Float]
    private var scratch: [Float]
    private var scores: [Float]

    /// A fresh agent: gathers the normalisation statistics, then initialises the networks.
    public convenience init(env: E, config: DQNConfig) throws {
        let heads = try Self.heads(config, nvec: env.actionSpace.nvec)
        let statistics = try ObservationStatistics.gather(env, steps: config.normalizationSteps, seed: config.seed)
        var initRandom = RandomStream(seed: config.seed, stream: 1)
        let sizes = [env.observationCount] + config.hiddenSizes + [heads.scoreCount]
        let network = TrainableMLP(sizes: sizes, hiddenActivation: .relu, random: &initRandom)
        self.init(env: env, config: config, heads: heads, normalization: statistics.normalization, network: network)
    }

    static func heads(_ config: DQNConfig, nvec: [Int]) throws -> ActionHeads {
        guard let groups = config.headGroups else { return .branching(nvec: nvec) }
        guard let heads = ActionHeads(groups: groups, nvec: nvec) else { throw InvalidHeadLayout(groups: groups, nvec: nvec) }
        return heads
    }

    private init(env: E, config: DQNConfig, heads: ActionHeads, normalization: ObservationNormalization,
                 network: TrainableMLP) {
        self.config = config
        self.env = env
        nvec = env.actionSpace.nvec
        self.heads = heads
        self.normalization = normalization
        qNetwork = network
        targetNetwork = network
        optimizer = Adam(parameterCount: network.parameters.count, learningRate: config.learningRate)
        buffer = ReplayBuffer(capacity: config.bufferSize, observationCount: env.observationCount,
                              actionCount: nvec.count)
        explorationRandom = RandomStream(seed: config.seed, stream: 2)
        replayRandom = RandomStream(seed: config.seed, stream: 3)
        lagrange = LagrangeMultiplier(learningRate: config.lagrangeLearningRate, costLimit: config.costLimit)
        online = TrainableMLP.Batch(network: network, batchSize: config.batchSize)
        onlineNext = TrainableMLP.Batch(network: network, batchSize: config.batchSize)
        target = TrainableMLP.Batch(network: network, batchSize: config.batchSize)
        gradients = [Float](repeating: 0, count: network.parameters.count)
        scratch = [Float](repeating: 0, count: 2 * network.widestLayer)
        scores = [Float](repeating: 0, count: network.outputCount)
    }

    /// CleanRL's linear schedule: from `start` to `end` over `duration` steps, then `end`.
    static func linearSchedule(start: Double, end: Double, duration: Double, step: Int) -> Double {
        let slope = (end - start) / max(duration, 1)
        return max(slope * Double(step) + start, end)
    }

    public func greedyAction(_ observation: [Float]) -> [Int] { greedy(normalized: normalization(observation)) }

    private func greedy(normalized: [Float]) -> [Int] {
        var action = [Int](repeating: 0, count: nvec.count)
        normalized.withUnsafeBufferPointer { input in
            scores.withUnsafeMutableBufferPointer { output in
                scratch.withUnsafeMutableBufferPointer { work in
                    guard let i = input.baseAddress, let o = output.baseAddress, let w = work.baseAddress else { return }
                    qNetwork.forward(single: i, output: o, scratch: w)
                }
            }
        }
        scores.withUnsafeBufferPointer { s in
            action.withUnsafeMutableBufferPointer { a in
                if let sb = s.baseAddress, let ab = a.baseAddress { heads.greedy(sb, into: ab) }
            }
        }
        return action
    }

    public func policyModel() -> PolicyModel { .network(qNetwork.denseLayers) }
    public var headGroups: [[Int]]? { heads.isBranching ? nil : heads.groups }

    public func train(until step: Int, hooks: TrainingHooks) throws {
        // TRY NOT TO MODIFY: start the segment
        var tracker = EpisodeTracker(copies: 1)
        var observation = normalization(try env.reset(seed: segmentSeed(config.seed, step: globalStep), options: [:]).observation)
        while globalStep < step {
            // ALGO LOGIC: put action logic here
            let epsilon = Self.linearSchedule(start: config.startE, end: config.endE,
                                              duration: config.explorationFraction * Double(config.totalTimesteps),
                                              step: globalStep)
            let action: [Int]
            if explorationRandom.nextDouble() < epsilon {
                action = nvec.map { explorationRandom.nextInt(below: $0) }
            } else {
                action = greedy(normalized: observation)
            }

            // TRY NOT TO MODIFY: execute the game and log data.
            let result = try env.step(action.indices.map { action[$0] + env.actionSpace.start[$0] })
            let nextObservation = normalization(result.observation)
            let cost = result.info.constraintCost
            tracker.add(copy: 0, reward: result.reward, signals: result.info)
            // Rewards are stored with their cost so the current λ applies when a transition is replayed.
            buffer.add(observation: observation, action: action, reward: Float(result.reward), cost: Float(cost),
                       nextObservation: nextObservation, terminated: result.terminated)
            globalStep += 1
            windowCost += cost
            windowSteps += 1

            // TRY NOT TO MODIFY: CRUCIAL step easy to overlook
            observation = nextObservation
            if result.isDone {
                tracker.finish(copy: 0, step: globalStep, hooks: hooks)
                observation = normalization(try env.reset(seed: nil, options: [:]).observation)
            }

            // ALGO LOGIC: training.
            if globalStep > config.learningStarts && globalStep % config.trainFrequency == 0 {
                let (loss, meanQ) = trainStep()
                if globalStep % 100 == 0 {
                    hooks.record("losses/td_loss", Double(loss), globalStep)
                    hooks.record("losses/q_values", Double(meanQ), globalStep)
                    hooks.record("charts/epsilon", epsilon, globalStep)
                }
                if globalStep % config.targetNetworkFrequency == 0 { updateTarget() }
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

    /// One gradient step on a replayed minibatch. Returns the loss and the mean Q of the chosen actions.
    private func trainStep() -> (Float, Float) {
        let batch = config.batchSize
        let width = buffer.observationCount
        let scoreCount = qNetwork.outputCount
        let indices = buffer.sampleIndices(batch, random: &replayRandom)
        for (row, index) in indices.enumerated() {
            online.setInput(row: row, from: buffer.observations, start: index * width)
            onlineNext.setInput(row: row, from: buffer.nextObservations, start: index * width)
            target.setInput(row: row, from: buffer.nextObservations, start: index * width)
        }
        online.forward(qNetwork)
        onlineNext.forward(qNetwork)
        target.forward(targetNetwork)
        let q = online.output, qNext = onlineNext.output, qTarget = target.output
        // Double-Q target averaged over the heads (BDQ's "mean" operator; a head is one dimension when branching,
        // a group of dimensions when coupled):
        //   y = r − λc + γ (1 − terminated) · (1/H) Σ_h Q⁻_h(s', argmax_a Q_h(s', a))
        let groupCount = heads.groups.count
        let sizes = heads.segmentSizes
        var predictions = [Float](repeating: 0, count: batch * groupCount)
        var targets = predictions
        var chosen = [Int](repeating: 0, count: batch * groupCount)
        var action = [Int](repeating: 0, count: nvec.count)
        for (row, index) in indices.enumerated() {
            var bootstrap: Float = 0
            var offset = 0
            for g in 0..<groupCount {
                var best = 0
                for a in 1..<max(1, sizes[g]) where qNext[row * scoreCount + offset + a] > qNext[row * scoreCount + offset + best] {
                    best = a
                }
                bootstrap += qTarget[row * scoreCount + offset + best]
                offset += sizes[g]
            }
            bootstrap /= Float(groupCount)
            let reward = Float(lagrange.penalized(reward: Double(buffer.rewards[index]), cost: Double(buffer.costs[index])))
            let y = reward + Float(config.gamma) * (1 - buffer.terminated[index]) * bootstrap
            for d in 0..<nvec.count { action[d] = Int(buffer.actions[index * nvec.count + d]) }
            offset = 0
            action.withUnsafeBufferPointer { a in
                guard let base = a.baseAddress else { return }
                for g in 0..<groupCount {
                    let segment = offset + heads.segmentIndex(of: base, group: g)
                    chosen[row * groupCount + g] = segment
                    predictions[row * groupCount + g] = q[row * scoreCount + segment]
                    targets[row * groupCount + g] = y
                    offset += sizes[g]
                }
            }
        }
        var lossGradient = predictions
        let loss = Losses.huber(predictions: predictions, targets: targets, delta: config.huberDelta,
                                gradient: &lossGradient)
        var outputGradient = [Float](repeating: 0, count: batch * scoreCount)
        for row in 0..<batch {
            for g in 0..<groupCount {
                outputGradient[row * scoreCount + chosen[row * groupCount + g]] = lossGradient[row * groupCount + g]
            }
        }
        for index in gradients.indices { gradients[index] = 0 }
        online.backward(qNetwork, outputGradient: outputGradient, gradients: &gradients)
        GradientClipping.clipGlobalNorm(&gradients, maxNorm: config.maxGradNorm)
        optimizer.update(&qNetwork.parameters, gradients: gradients)
        return (loss, predictions.reduce(0, +) / Float(predictions.count))
    }

    /// θ⁻ ← τ θ + (1 − τ) θ⁻.
    private func updateTarget() {
        let tau = config.tau
        for index in targetNetwork.parameters.indices {
            targetNetwork.parameters[index] = tau * qNetwork.parameters[index] + (1 - tau) * targetNetwork.parameters[index]
        }
    }

    // MARK: checkpoints

    public func checkpoint() throws -> CheckpointArchive {
        var archive = CheckpointArchive()
        try archive.encode(config, as: "config")
        try archive.encode(normalization, as: "normalization")
        try archive.encode(lagrange, as: "lagrange")
        archive.strings["agent"] = "dqn"
        archive.floats["q_network"] = qNetwork.parameters
        archive.floats["target_network"] = targetNetwork.parameters
        archive.floats["adam_m"] = optimizer.firstMoment
        archive.floats["adam_v"] = optimizer.secondMoment
        archive.integers["counters"] = [globalStep, optimizer.stepCount, buffer.count, buffer.cursor, windowSteps]
        archive.floats["window_cost"] = [Float(windowCost)]
        archive.floats["replay_observations"] = buffer.observations
        archive.floats["replay_next_observations"] = buffer.nextObservations
        archive.integers["replay_actions"] = buffer.actions.map(Int.init)
        archive.floats["replay_rewards"] = buffer.rewards
        archive.floats["replay_costs"] = buffer.costs
        archive.floats["replay_terminated"] = buffer.terminated
        archive.store(explorationRandom, as: "exploration_random")
        archive.store(replayRandom, as: "replay_random")
        return archive
    }

    /// The agent exactly as it was when `archive` was taken, in `env`.
    public convenience init(env: E, checkpoint archive: CheckpointArchive, file: String = "checkpoint") throws {
        let config = try archive.decode(DQNConfig.self, "config", file: file)
        let heads = try Self.heads(config, nvec: env.actionSpace.nvec)
        let normalization = try archive.decode(ObservationNormalization.self, "normalization", file: file)
        var initRandom = RandomStream(seed: config.seed, stream: 1)
        let sizes = [env.observationCount] + config.hiddenSizes + [heads.scoreCount]
        var network = TrainableMLP(sizes: sizes, hiddenActivation: .relu, random: &initRandom)
        let parameters = try archive.floats("q_network", file: file)
        guard parameters.count == network.parameters.count else {
            throw CheckpointArchive.Missing(file: file, entry: "q_network (network shape differs from the environment)")
        }
        network.parameters = parameters
        self.init(env: env, config: config, heads: heads, normalization: normalization, network: network)
        targetNetwork.parameters = try archive.floats("target_network", file: file)
        let counters = try archive.integers("counters", file: file)
        guard counters.count == 5, targetNetwork.parameters.count == parameters.count,
              optimizer.restore(firstMoment: try archive.floats("adam_m", file: file),
                                secondMoment: try archive.floats("adam_v", file: file), stepCount: counters[1]),
              let restored = ReplayBuffer(
                capacity: config.bufferSize, observationCount: env.observationCount, actionCount: nvec.count,
                observations: try archive.floats("replay_observations", file: file),
                nextObservations: try archive.floats("replay_next_observations", file: file),
                actions: try archive.integers("replay_actions", file: file).map { Int32(truncatingIfNeeded: $0) },
                rewards: try archive.floats("replay_rewards", file: file),
                costs: try archive.floats("replay_costs", file: file),
                terminated: try archive.floats("replay_terminated", file: file),
                count: counters[2], cursor: counters[3])
        else { throw CheckpointArchive.Missing(file: file, entry: "optimizer or replay state") }
        globalStep = counters[0]
        windowSteps = counters[4]
        windowCost = Double(try archive.floats("window_cost", file: file).first ?? 0)
        buffer = restored
        lagrange = try archive.decode(LagrangeMultiplier.self, "lagrange", file: file)
        explorationRandom = try archive.stream("exploration_random", file: file)
        replayRandom = try archive.stream("replay_random", file: file)
    }
}
