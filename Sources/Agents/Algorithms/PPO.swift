// Proximal Policy Optimization (Schulman et al., 2017) with a MultiDiscrete policy: one categorical per action
// dimension over shared features (the log-probability of an action is the sum over dimensions), generalised
// advantage estimation (Schulman et al., 2016), the clipped surrogate and a clipped value loss. The structure and the
// defaults follow CleanRL's ppo.py: the config, the networks, then rollout → GAE → minibatch epochs.
import Environment
import Policy
import Tensor

/// PPO's hyperparameters. `batchSize`, `minibatchSize` and `numIterations` are computed from the others.
public struct PPOConfig: Codable, Equatable, Sendable {
    /// the seed of the experiment
    public var seed: UInt64 = 1
    /// total environment steps of the experiment (over all copies)
    public var totalTimesteps = 100_000
    /// widths of the hidden layers of the actor and of the critic
    public var hiddenSizes = [64, 64]
    /// the learning rate of the optimizer
    public var learningRate: Float = 2.5e-4
    /// the number of parallel environment copies
    public var numEnvs = 4
    /// the number of steps to run in each environment copy per policy rollout
    public var numSteps = 128
    /// toggle learning rate annealing for policy and value networks
    public var annealLR = true
    /// the discount factor gamma
    public var gamma = 0.99
    /// the lambda for the general advantage estimation
    public var gaeLambda = 0.95
    /// the number of mini-batches
    public var numMinibatches = 4
    /// the K epochs to update the policy
    public var updateEpochs = 4
    /// toggles advantages normalization
    public var normAdv = true
    /// the surrogate clipping coefficient
    public var clipCoef: Float = 0.2
    /// toggles whether or not to use a clipped loss for the value function, as per the paper
    public var clipVloss = true
    /// coefficient of the entropy
    public var entCoef: Float = 0.01
    /// coefficient of the value function
    public var vfCoef: Float = 0.5
    /// the maximum norm for the gradient clipping
    public var maxGradNorm: Float = 0.5
    /// the target KL divergence threshold (nil: no early stop)
    public var targetKL: Float? = nil
    /// random-policy steps that estimate the frozen observation normalisation
    public var normalizationSteps = 512
    /// learn a Lagrange multiplier on the constraint cost (latency-target misses)
    public var constrained = false
    /// the tolerated mean constraint cost per step when constrained
    public var costLimit = 0.01
    /// the dual-ascent step size of the Lagrange multiplier (one update per rollout)
    public var lagrangeLearningRate = 0.5

    /// the batch size (computed in runtime)
    public var batchSize: Int { numEnvs * numSteps }
    /// the mini-batch size (computed in runtime)
    public var minibatchSize: Int { batchSize / numMinibatches }
    /// the number of iterations (computed in runtime)
    public var numIterations: Int { max(1, totalTimesteps / batchSize) }

    public init() {}
}

/// A PPO agent over `numEnvs` copies of an environment.
public final class PPO<E: FlatEnv>: TrainableAgent where E.Info: StepSignals {
    public let config: PPOConfig
    /// The copies, made by `makeEnv(i)`; segment starts seed copy `i` with the segment seed + i (Gymnasium's rule).
    /// Copies reset in the step that ends their episode (CleanRL's same-step convention), and a truncated episode's
    /// last reward is bootstrapped with γ·V(final observation).
    public let envs: [E]
    public let nvec: [Int]
    public let normalization: ObservationNormalization
    public private(set) var actor: TrainableMLP
    public private(set) var critic: TrainableMLP
    public private(set) var globalStep = 0
    public var stepGranularity: Int { config.batchSize }
    private var actorOptimizer: Adam
    private var criticOptimizer: Adam
    private var actionRandom: RandomStream
    private var shuffleRandom: RandomStream
    private var lagrange: LagrangeMultiplier
    private let observationCount: Int
    private let scoreCount: Int
    // Workspaces.
    private let actorRollout: TrainableMLP.Batch
    private let criticRollout: TrainableMLP.Batch
    private let actorMinibatch: TrainableMLP.Batch
    private let criticMinibatch: TrainableMLP.Batch
    private var scratch: [Float]
    private var scores: [Float]

    public convenience init(config: PPOConfig, makeEnv: (Int) throws -> E) throws {
        let envs = try (0..<config.numEnvs).map(makeEnv)
        let statistics = try ObservationStatistics.gather(envs[0], steps: config.normalizationSteps, seed: config.seed)
        var initRandom = RandomStream(seed: config.seed, stream: 1)
        let (actor, critic) = PPO.networks(observationCount: envs[0].observationCount,
                                           scoreCount: envs[0].actionSpace.nvec.reduce(0, +),
                                           config: config, random: &initRandom)
        try self.init(config: config, envs: envs, normalization: statistics.normalization, actor: actor, critic: critic)
    }

    /// CleanRL's `Agent`: tanh MLPs; the actor's last layer starts tiny (gain 0.01) so the first policy is nearly
    /// uniform, the critic's with gain 1.
    static func networks(observationCount: Int, scoreCount: Int, config: PPOConfig, random: inout RandomStream)
        -> (TrainableMLP, TrainableMLP)
    {
        let actor = TrainableMLP(sizes: [observationCount] + config.hiddenSizes + [scoreCount], hiddenActivation: .tanh,
                                 outputGain: 0.01, random: &random)
        let critic = TrainableMLP(sizes: [observationCount] + config.hiddenSizes + [1], hiddenActivation: .tanh,
                                  outputGain: 1, random: &random)
        return (actor, critic)
    }

    private init(config: PPOConfig, envs: [E], normalization: ObservationNormalization, actor: TrainableMLP,
                 critic: TrainableMLP) throws {
        guard config.numEnvs > 0, config.numSteps > 0, config.numMinibatches > 0,
              config.batchSize % config.numMinibatches == 0 else {
            throw AgentConfigurationError(reason: "PPO needs numEnvs, numSteps, numMinibatches > 0 and numMinibatches dividing numEnvs × numSteps")
        }
        self.config = config
        self.envs = envs
        nvec = envs[0].actionSpace.nvec
        observationCount = envs[0].observationCount
        scoreCount = nvec.reduce(0, +)
        self.normalization = normalization
        self.actor = actor
        self.critic = critic
        actorOptimizer = Adam(parameterCount: actor.parameters.count, learningRate: config.learningRate, epsilon: 1e-5)
        criticOptimizer = Adam(parameterCount: critic.parameters.count, learningRate: config.learningRate, epsilon: 1e-5)
        actionRandom = RandomStream(seed: config.seed, stream: 2)
        shuffleRandom = RandomStream(seed: config.seed, stream: 3)
        lagrange = LagrangeMultiplier(learningRate: config.lagrangeLearningRate, costLimit: config.costLimit)
        actorRollout = TrainableMLP.Batch(network: actor, batchSize: config.numEnvs)
        criticRollout = TrainableMLP.Batch(network: critic, batchSize: config.numEnvs)
        actorMinibatch = TrainableMLP.Batch(network: actor, batchSize: config.minibatchSize)
        criticMinibatch = TrainableMLP.Batch(network: critic, batchSize: config.minibatchSize)
        scratch = [Float](repeating: 0, count: 2 * max(actor.widestLayer, critic.widestLayer))
        scores = [Float](repeating: 0, count: scoreCount)
    }

    public func greedyAction(_ observation: [Float]) -> [Int] {
        let input = normalization(observation)
        input.withUnsafeBufferPointer { i in
            scores.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { w in
                    if let ib = i.baseAddress, let ob = o.baseAddress, let wb = w.baseAddress {
                        actor.forward(single: ib, output: ob, scratch: wb)
                    }
                }
            }
        }
        return ActionDecoding.argmaxPerDimension(scores, nvec: nvec)
    }

    public func policyModel() -> PolicyModel { .network(actor.denseLayers) }

    private func value(ofNormalized observation: [Float]) -> Float {
        var output: [Float] = [0]
        observation.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { w in
                    if let ib = i.baseAddress, let ob = o.baseAddress, let wb = w.baseAddress {
                        critic.forward(single: ib, output: ob, scratch: wb)
                    }
                }
            }
        }
        return output[0]
    }

    /// Log-softmax of each segment of `logits` (row `row` of a batch output) into `logProbabilities`.
    private func logSoftmax(_ logits: [Float], row: Int, into logProbabilities: inout [Float]) {
        var offset = 0
        for dimension in 0..<nvec.count {
            let base = row * scoreCount + offset
            var maximum = logits[base]
            for k in 1..<nvec[dimension] { maximum = max(maximum, logits[base + k]) }
            var sum: Float = 0
            for k in 0..<nvec[dimension] { sum += expf(logits[base + k] - maximum) }
            let logSum = maximum + logf(sum)
            for k in 0..<nvec[dimension] { logProbabilities[offset + k] = logits[base + k] - logSum }
            offset += nvec[dimension]
        }
    }

    public func train(until step: Int, hooks: TrainingHooks) throws {
        let numSteps = config.numSteps, numEnvs = config.numEnvs, width = observationCount, d = nvec.count
        // ALGO Logic: Storage setup
        var obs = [Float](repeating: 0, count: numSteps * numEnvs * width)
        var actions = [Int](repeating: 0, count: numSteps * numEnvs * d)
        var logprobs = [Float](repeating: 0, count: numSteps * numEnvs)
        var rewards = logprobs, dones = logprobs, values = logprobs
        var logProbabilities = [Float](repeating: 0, count: scoreCount)

        // TRY NOT TO MODIFY: start the segment
        var tracker = EpisodeTracker(copies: numEnvs)
        let seed = segmentSeed(config.seed, step: globalStep)
        var nextObs = [Float](repeating: 0, count: numEnvs * width)
        for (i, env) in envs.enumerated() {
            let first = normalization(try env.reset(seed: seed &+ UInt64(i), options: [:]).observation)
            for k in 0..<width { nextObs[i * width + k] = first[k] }
        }
        var nextDone = [Float](repeating: 0, count: numEnvs)

        while globalStep < step {
            let iteration = globalStep / config.batchSize + 1
            // Annealing the rate if instructed to do so.
            if config.annealLR {
                let fraction = 1 - Float(iteration - 1) / Float(config.numIterations)
                let rate = max(fraction, 0.05) * config.learningRate
                actorOptimizer.learningRate = rate
                criticOptimizer.learningRate = rate
            }
            var rolloutCost = 0.0
            for t in 0..<numSteps {
                globalStep += numEnvs
                for k in 0..<(numEnvs * width) { obs[t * numEnvs * width + k] = nextObs[k] }
                for i in 0..<numEnvs { dones[t * numEnvs + i] = nextDone[i] }

                // ALGO LOGIC: action logic
                actorRollout.input = nextObs
                criticRollout.input = nextObs
                actorRollout.forward(actor)
                criticRollout.forward(critic)
                let logits = actorRollout.output
                let valuesNow = criticRollout.output
                for i in 0..<numEnvs {
                    values[t * numEnvs + i] = valuesNow[i]
                    logSoftmax(logits, row: i, into: &logProbabilities)
                    var logprob: Float = 0
                    var offset = 0
                    for dimension in 0..<d {
                        let chosen = logProbabilities.withUnsafeBufferPointer { lp in
                            var weights = [Float](repeating: 0, count: nvec[dimension])
                            for k in 0..<nvec[dimension] { weights[k] = expf(lp[offset + k]) }
                            return weights.withUnsafeBufferPointer { actionRandom.nextCategorical($0) }
                        }
                        actions[(t * numEnvs + i) * d + dimension] = chosen
                        logprob += logProbabilities[offset + chosen]
                        offset += nvec[dimension]
                    }
                    logprobs[t * numEnvs + i] = logprob
                }

                // TRY NOT TO MODIFY: execute the game and log data.
                for (i, env) in envs.enumerated() {
                    let action = (0..<d).map { actions[(t * numEnvs + i) * d + $0] + env.actionSpace.start[$0] }
                    let result = try env.step(action)
                    let cost = result.info.constraintCost
                    rolloutCost += cost
                    tracker.add(copy: i, reward: result.reward, signals: result.info)
                    var reward = Float(lagrange.penalized(reward: result.reward, cost: cost))
                    var observation = normalization(result.observation)
                    if result.truncated && !result.terminated {
                        // The episode was cut, not ended: bootstrap its last reward with the final state's value.
                        reward += Float(config.gamma) * value(ofNormalized: observation)
                    }
                    rewards[t * numEnvs + i] = reward
                    nextDone[i] = result.isDone ? 1 : 0
                    if result.isDone {
                        tracker.finish(copy: i, step: globalStep, hooks: hooks)
                        observation = normalization(try env.reset(seed: nil, options: [:]).observation)
                    }
                    for k in 0..<width { nextObs[i * width + k] = observation[k] }
                }
                if globalStep % 256 < numEnvs { hooks.progress(globalStep) }
            }
            if config.constrained {
                lagrange.update(meanCost: rolloutCost / Double(numSteps * numEnvs))
                hooks.record("charts/lagrange_multiplier", lagrange.value, globalStep)
            }

            // bootstrap value if not done
            criticRollout.input = nextObs
            criticRollout.forward(critic)
            let nextValue = criticRollout.output
            var advantages = [Float](repeating: 0, count: numSteps * numEnvs)
            var lastgaelam = [Float](repeating: 0, count: numEnvs)
            for t in stride(from: numSteps - 1, through: 0, by: -1) {
                for i in 0..<numEnvs {
                    let nextnonterminal: Float, nextvalues: Float
                    if t == numSteps - 1 {
                        nextnonterminal = 1 - nextDone[i]
                        nextvalues = nextValue[i]
                    } else {
                        nextnonterminal = 1 - dones[(t + 1) * numEnvs + i]
                        nextvalues = values[(t + 1) * numEnvs + i]
                    }
                    let delta = rewards[t * numEnvs + i] + Float(config.gamma) * nextvalues * nextnonterminal
                        - values[t * numEnvs + i]
                    lastgaelam[i] = delta + Float(config.gamma * config.gaeLambda) * nextnonterminal * lastgaelam[i]
                    advantages[t * numEnvs + i] = lastgaelam[i]
                }
            }
            let returns = zip(advantages, values).map { $0 + $1 }

            // Optimizing the policy and value network
            let stats = update(b_obs: obs, b_actions: actions, b_logprobs: logprobs, b_advantages: advantages,
                               b_returns: returns, b_values: values)

            // TRY NOT TO MODIFY: record rewards for plotting purposes
            let mean = returns.reduce(0, +) / Float(returns.count)
            let varianceY = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(returns.count)
            var residual: Float = 0
            for k in returns.indices { residual += (returns[k] - values[k]) * (returns[k] - values[k]) }
            let explainedVariance = varianceY == 0 ? Float.nan : 1 - (residual / Float(returns.count)) / varianceY
            hooks.record("charts/learning_rate", Double(actorOptimizer.learningRate), globalStep)
            hooks.record("losses/value_loss", Double(stats.valueLoss), globalStep)
            hooks.record("losses/policy_loss", Double(stats.policyLoss), globalStep)
            hooks.record("losses/entropy", Double(stats.entropy), globalStep)
            hooks.record("losses/approx_kl", Double(stats.approxKL), globalStep)
            hooks.record("losses/clipfrac", Double(stats.clipFraction), globalStep)
            hooks.record("losses/explained_variance", Double(explainedVariance), globalStep)
        }
        hooks.progress(globalStep)
    }

    private struct UpdateStatistics { var policyLoss: Float = 0, valueLoss: Float = 0, entropy: Float = 0, approxKL: Float = 0, clipFraction: Float = 0 }

    private func update(b_obs: [Float], b_actions: [Int], b_logprobs: [Float], b_advantages: [Float],
                        b_returns: [Float], b_values: [Float]) -> UpdateStatistics {
        let width = observationCount, d = nvec.count, m = config.minibatchSize
        var stats = UpdateStatistics()
        var actorGradients = [Float](repeating: 0, count: actor.parameters.count)
        var criticGradients = [Float](repeating: 0, count: critic.parameters.count)
        var logitGradient = [Float](repeating: 0, count: m * scoreCount)
        var valueGradient = [Float](repeating: 0, count: m)
        var logProbabilities = [Float](repeating: 0, count: scoreCount)
        var b_inds = Array(0..<config.batchSize)
        var clipFractions: [Float] = []
        epochs: for _ in 0..<config.updateEpochs {
            // Fisher–Yates shuffle from the agent's own stream.
            for k in stride(from: b_inds.count - 1, to: 0, by: -1) {
                b_inds.swapAt(k, shuffleRandom.nextInt(below: k + 1))
            }
            for start in stride(from: 0, to: config.batchSize, by: m) {
                let mb_inds = Array(b_inds[start..<(start + m)])
                for (row, index) in mb_inds.enumerated() {
                    actorMinibatch.setInput(row: row, from: b_obs, start: index * width)
                    criticMinibatch.setInput(row: row, from: b_obs, start: index * width)
                }
                actorMinibatch.forward(actor)
                criticMinibatch.forward(critic)
                let logits = actorMinibatch.output
                let newValues = criticMinibatch.output

                var mb_advantages = mb_inds.map { b_advantages[$0] }
                if config.normAdv {
                    let mean = mb_advantages.reduce(0, +) / Float(m)
                    let variance = mb_advantages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(max(m - 1, 1))
                    let std = variance.squareRoot()
                    mb_advantages = mb_advantages.map { ($0 - mean) / (std + 1e-8) }
                }

                var pgLoss: Float = 0, vLoss: Float = 0, entropySum: Float = 0, approxKL: Float = 0, clipped: Float = 0
                for (row, index) in mb_inds.enumerated() {
                    logSoftmax(logits, row: row, into: &logProbabilities)
                    var newlogprob: Float = 0
                    var offset = 0
                    for dimension in 0..<d {
                        newlogprob += logProbabilities[offset + b_actions[index * d + dimension]]
                        offset += nvec[dimension]
                    }
                    let logratio = newlogprob - b_logprobs[index]
                    let ratio = expf(logratio)
                    approxKL += (ratio - 1) - logratio
                    if abs(ratio - 1) > config.clipCoef { clipped += 1 }
                    // Policy loss: max(−A·r, −A·clip(r)); its gradient flows only through the unclipped branch.
                    let advantage = mb_advantages[row]
                    let unclippedLoss = -advantage * ratio
                    let clippedLoss = -advantage * min(max(ratio, 1 - config.clipCoef), 1 + config.clipCoef)
                    pgLoss += max(unclippedLoss, clippedLoss)
                    let dLossDLogprob = unclippedLoss >= clippedLoss ? -advantage * ratio : 0
                    // Entropy of each categorical; ∂H/∂z_k = −π_k (log π_k + H).
                    offset = 0
                    for dimension in 0..<d {
                        var entropy: Float = 0
                        for k in 0..<nvec[dimension] {
                            let lp = logProbabilities[offset + k]
                            entropy -= expf(lp) * lp
                        }
                        entropySum += entropy
                        let chosen = b_actions[index * d + dimension]
                        for k in 0..<nvec[dimension] {
                            let lp = logProbabilities[offset + k]
                            let p = expf(lp)
                            let dLogprob = (k == chosen ? 1 : 0) - p
                            let dEntropy = -p * (lp + entropy)
                            logitGradient[row * scoreCount + offset + k] =
                                (dLossDLogprob * dLogprob - config.entCoef * dEntropy) / Float(m)
                        }
                        offset += nvec[dimension]
                    }
                    // Value loss: ½ max((v − R)², (v_clipped − R)²), v_clipped = v_old + clip(v − v_old, ±c).
                    let v = newValues[row], target = b_returns[index], old = b_values[index]
                    if config.clipVloss {
                        let delta = min(max(v - old, -config.clipCoef), config.clipCoef)
                        let vClipped = old + delta
                        let unclippedSq = (v - target) * (v - target)
                        let clippedSq = (vClipped - target) * (vClipped - target)
                        vLoss += 0.5 * max(unclippedSq, clippedSq) / Float(m)
                        let inside = abs(v - old) < config.clipCoef
                        let dv = unclippedSq >= clippedSq ? (v - target) : (inside ? (vClipped - target) : 0)
                        valueGradient[row] = config.vfCoef * dv / Float(m)
                    } else {
                        vLoss += 0.5 * (v - target) * (v - target) / Float(m)
                        valueGradient[row] = config.vfCoef * (v - target) / Float(m)
                    }
                }
                // Like CleanRL, the losses reported are the last minibatch's.
                stats.policyLoss = pgLoss / Float(m)
                stats.valueLoss = vLoss
                stats.entropy = entropySum / Float(m)
                stats.approxKL = approxKL / Float(m)
                clipFractions.append(clipped / Float(m))

                for k in actorGradients.indices { actorGradients[k] = 0 }
                for k in criticGradients.indices { criticGradients[k] = 0 }
                actorMinibatch.backward(actor, outputGradient: logitGradient, gradients: &actorGradients)
                criticMinibatch.backward(critic, outputGradient: valueGradient, gradients: &criticGradients)
                GradientClipping.clipGlobalNorm(&actorGradients, &criticGradients, maxNorm: config.maxGradNorm)
                actorOptimizer.update(&actor.parameters, gradients: actorGradients)
                criticOptimizer.update(&critic.parameters, gradients: criticGradients)
            }
            if let targetKL = config.targetKL, stats.approxKL > targetKL { break epochs }
        }
        stats.clipFraction = clipFractions.reduce(0, +) / Float(max(clipFractions.count, 1))
        return stats
    }

    // MARK: checkpoints

    public func checkpoint() throws -> CheckpointArchive {
        var archive = CheckpointArchive()
        try archive.encode(config, as: "config")
        try archive.encode(normalization, as: "normalization")
        try archive.encode(lagrange, as: "lagrange")
        archive.strings["agent"] = "ppo"
        archive.floats["actor"] = actor.parameters
        archive.floats["critic"] = critic.parameters
        archive.floats["actor_adam_m"] = actorOptimizer.firstMoment
        archive.floats["actor_adam_v"] = actorOptimizer.secondMoment
        archive.floats["critic_adam_m"] = criticOptimizer.firstMoment
        archive.floats["critic_adam_v"] = criticOptimizer.secondMoment
        archive.floats["learning_rate"] = [actorOptimizer.learningRate]
        archive.integers["counters"] = [globalStep, actorOptimizer.stepCount, criticOptimizer.stepCount]
        archive.store(actionRandom, as: "action_random")
        archive.store(shuffleRandom, as: "shuffle_random")
        return archive
    }

    public convenience init(checkpoint archive: CheckpointArchive, file: String = "checkpoint",
                            makeEnv: (Int) throws -> E) throws {
        let config = try archive.decode(PPOConfig.self, "config", file: file)
        let envs = try (0..<config.numEnvs).map(makeEnv)
        var initRandom = RandomStream(seed: config.seed, stream: 1)
        var (actor, critic) = PPO.networks(observationCount: envs[0].observationCount,
                                           scoreCount: envs[0].actionSpace.nvec.reduce(0, +),
                                           config: config, random: &initRandom)
        let actorParameters = try archive.floats("actor", file: file)
        let criticParameters = try archive.floats("critic", file: file)
        guard actorParameters.count == actor.parameters.count, criticParameters.count == critic.parameters.count else {
            throw CheckpointArchive.Missing(file: file, entry: "actor/critic (network shape differs from the environment)")
        }
        actor.parameters = actorParameters
        critic.parameters = criticParameters
        try self.init(config: config, envs: envs,
                      normalization: try archive.decode(ObservationNormalization.self, "normalization", file: file),
                      actor: actor, critic: critic)
        let counters = try archive.integers("counters", file: file)
        guard counters.count == 3,
              actorOptimizer.restore(firstMoment: try archive.floats("actor_adam_m", file: file),
                                     secondMoment: try archive.floats("actor_adam_v", file: file), stepCount: counters[1]),
              criticOptimizer.restore(firstMoment: try archive.floats("critic_adam_m", file: file),
                                      secondMoment: try archive.floats("critic_adam_v", file: file), stepCount: counters[2])
        else { throw CheckpointArchive.Missing(file: file, entry: "optimizer state") }
        let rate = try archive.floats("learning_rate", file: file).first ?? config.learningRate
        actorOptimizer.learningRate = rate
        criticOptimizer.learningRate = rate
        globalStep = counters[0]
        lagrange = try archive.decode(LagrangeMultiplier.self, "lagrange", file: file)
        actionRandom = try archive.stream("action_random", file: file)
        shuffleRandom = try archive.stream("shuffle_random", file: file)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
