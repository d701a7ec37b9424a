// Model-based control with a distilled policy: learn a world model of the frame (log latency and log energy from the
// observation and the action) by regression on everything the agent has seen, plan by scoring every joint action
// with the model under the known objective (`PlanningObjective`), and distil the planner's choices into a small
// policy network by classification, so the deployed policy is an MLP that `PolicyRuntime` runs in microseconds.
//
// Why: with γ = 0 (a frame's choice barely shapes the next frame) DQN has to learn the reward of 120–3000 joint
// actions per context from its own samples, and its Q-estimates stay too coarse to walk up to the latency target: it
// keeps a wide margin and pays for it in energy (README, agents section). A world model shares what it learns across
// actions (one latency curve per level over the clocks), regression on measured latency is far better conditioned
// than regression on a cliff-shaped reward, and the planner can then find the cheapest action that still meets the
// target. Related ideas: Dyna (Sutton 1991), MBPO's model-then-policy split (Janner et al. 2019), and the
// latency/power models of DVFS managers such as zTT's.
import Environment
import Policy
import Tensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The model-based agent's hyperparameters (every field has a documented default).
public struct ModelBasedConfig: Codable, Equatable, Sendable {
    /// the seed of the experiment (initialisation, exploration, minibatches, environment segments)
    public var seed: UInt64 = 1
    /// total environment steps of the experiment
    public var totalTimesteps = 50_000
    /// widths of the world model's hidden layers
    public var modelHiddenSizes = [64, 64]
    /// widths of the distilled policy's hidden layers (the network the policy file stores)
    public var policyHiddenSizes = [64, 64]
    /// the learning rate of both Adam optimizers
    public var learningRate: Float = 1e-3
    /// minibatch size of model regression and policy distillation
    public var batchSize = 128
    /// the fraction of `totalTimesteps` acting uniformly at random (the model needs to see every kind of action)
    public var randomFraction = 0.4
    /// after that, the probability of a uniformly random action instead of the distilled policy's
    public var epsilon = 0.1
    /// steps before the model's first gradient step
    public var learningStarts = 500
    /// steps between two distillations of the planner into the acting policy, after the random phase
    public var distillEvery = 10_000
    /// observations (drawn from everything seen) the planner labels per intermediate distillation
    public var distillStates = 1_500
    /// observations the planner labels for the final distillation, the one the policy file stores
    public var finalDistillStates = 6_000
    /// passes over the labelled observations per distillation
    public var distillEpochs = 12
    /// the observation features the world model sees (indices; nil: all). The policy network always sees all of
    /// them. Leaving out what describes the last frame (its latency, energy, level and clocks) makes the model a
    /// function of the context and the action alone, so its errors cannot feed back through the next observation
    public var modelFeatures: [Int]? = nil
    /// give the world model −ln(1 − u) of each co-runner load u (CPU and GPU, u capped at 0.95): the log slowdown
    /// of a device shared with a job that keeps it busy a fraction u of the time (processor sharing), so latencies
    /// under loads between the trained ones interpolate along the right curve
    public var contentionFeatures = false
    /// world-model gradient steps per environment step (for each member of the ensemble)
    public var modelUpdatesPerStep = 2
    /// world models trained side by side from different initialisations and minibatches; the planner takes the
    /// slowest latency they predict (pessimism where they disagree, as in PETS/MBPO's ensembles: a context the data
    /// did not cover is where they part) and their mean energy
    public var ensembleSize = 1
    /// distillation regresses the policy's scores on the planner's values relative to the best action, clipped at
    /// minus this (reward units): the scores only need to be right near the top, where the choice is made
    public var distillValueClip: Float = 0.5
    /// the model's most recent log-latency errors kept as its noise distribution (the planner's latency margin);
    /// after the random phase only the agent's own choices feed it, since the planner's risk is near those
    public var residualWindow = 256
    /// random-policy steps that estimate the frozen observation normalisation
    public var normalizationSteps = 512
    /// learn a Lagrange multiplier on the latency-miss rate of the agent's own (non-random) steps
    public var constrained = false
    /// the tolerated miss rate when constrained
    public var costLimit = 0.01
    /// the dual-ascent step size of the Lagrange multiplier
    public var lagrangeLearningRate = 0.5
    /// the agent's own (non-random) steps between two Lagrange multiplier updates
    public var lagrangeUpdateFrequency = 500
    /// the policy's score layout (`ActionHeads` groups; nil: one branch per action dimension)
    public var headGroups: [[Int]]? = nil

    public init() {}
}

/// The objective's action tables do not match the environment's action space.
/// `ModelBasedConfig.modelFeatures` names an observation index the environment does not have.
public struct InvalidModelFeatures: Error, CustomStringConvertible {
    public let features: [Int]
    public let observationCount: Int
    public var description: String {
        "model-based agent: model features \(features) are not all indices of a \(observationCount)-feature observation"
    }
}

public struct PlanningObjectiveMismatch: Error, CustomStringConvertible {
    public let objectiveNvec: [Int]
    public let environmentNvec: [Int]
    public var description: String {
        "model-based agent: the planning objective acts on \(objectiveNvec), the environment on \(environmentNvec)"
    }
}

public final class ModelBasedAgent<E: FlatEnv>: TrainableAgent where E.Info: StepSignals {
    public let config: ModelBasedConfig
    public let objective: PlanningObjective
    public let env: E
    public let nvec: [Int]
    public let heads: ActionHeads
    public let normalization: ObservationNormalization
    public private(set) var worldModels: [TrainableMLP]
    public private(set) var policyNetwork: TrainableMLP
    public private(set) var globalStep = 0
    public var stepGranularity: Int { 1 }
    /// Planner choices the last distillation reproduced on its own labelled observations (0...1).
    public private(set) var lastDistillationAgreement = 0.0

    private var modelOptimizers: [Adam]
    private var policyOptimizer: Adam
    private var explorationRandom: RandomStream
    private var sampleRandom: RandomStream
    private var lagrange: LagrangeMultiplier
    private var windowCost = 0.0
    private var windowSteps = 0
    // Everything seen: raw observations, actions, log latency, log energy.
    private var rawObservations: [Float] = []
    /// The same observations normalised (derived: rebuilt from the raw ones on resume).
    private var normalizedObservations: [Float] = []
    private var actions: [Int32] = []
    private var logLatency: [Float] = []
    private var logEnergy: [Float] = []
    /// Kept as Float so a checkpoint restores them bit for bit.
    private var residuals: [Float] = []
    private var residualCursor = 0

    // Workspaces (not state).
    private let actionCount: Int
    /// Indices of the observation features the world model reads.
    private let modelInputs: [Int]
    private let actionFeatures: [Float]
    private let plannerBatch: TrainableMLP.Batch
    private let modelBatch: TrainableMLP.Batch
    private let policyBatch: TrainableMLP.Batch
    private var modelGradients: [Float]
    private var policyGradients: [Float]
    private var scratch: [Float]
    private var scores: [Float]

    /// A fresh agent: gathers the normalisation statistics, then initialises both networks.
    public convenience init(env: E, config: ModelBasedConfig, objective: PlanningObjective) throws {
        let statistics = try ObservationStatistics.gather(env, steps: config.normalizationSteps, seed: config.seed)
        try self.init(env: env, config: config, objective: objective, normalization: statistics.normalization)
    }

    private init(env: E, config: ModelBasedConfig, objective: PlanningObjective,
                 normalization: ObservationNormalization) throws {
        let nvec = env.actionSpace.nvec
        guard objective.nvec == nvec else {
            throw PlanningObjectiveMismatch(objectiveNvec: objective.nvec, environmentNvec: nvec)
        }
        let heads: ActionHeads
        if let groups = config.headGroups {
            guard let coupled = ActionHeads(groups: groups, nvec: nvec) else { throw InvalidHeadLayout(groups: groups, nvec: nvec) }
            heads = coupled
        } else {
            heads = .branching(nvec: nvec)
        }
        self.config = config
        self.objective = objective
        self.env = env
        self.nvec = nvec
        self.heads = heads
        self.normalization = normalization
        var initRandom = RandomStream(seed: config.seed, stream: 11)
        let observationCount = env.observationCount
        let modelInputs = config.modelFeatures ?? Array(0..<observationCount)
        guard !modelInputs.isEmpty, modelInputs.allSatisfy({ (0..<observationCount).contains($0) }) else {
            throw InvalidModelFeatures(features: modelInputs, observationCount: observationCount)
        }
        self.modelInputs = modelInputs
        var models: [TrainableMLP] = []
        for member in 0..<max(1, config.ensembleSize) {
            // Member 0 draws from the stream a single model always drew from, so ensembleSize 1 is the old agent.
            var memberRandom = member == 0 ? initRandom : RandomStream(seed: config.seed, stream: 100 + UInt64(member))
            models.append(TrainableMLP(sizes: [modelInputs.count + (config.contentionFeatures ? 2 : 0) + objective.actionFeatureCount]
                                           + config.modelHiddenSizes + [2],
                                       hiddenActivation: .relu, random: &memberRandom))
            if member == 0 { initRandom = memberRandom }
        }
        worldModels = models
        let worldModel = models[0]
        policyNetwork = TrainableMLP(sizes: [observationCount] + config.policyHiddenSizes + [heads.scoreCount],
                                     hiddenActivation: .relu, random: &initRandom)
        modelOptimizers = models.map { Adam(parameterCount: $0.parameters.count, learningRate: config.learningRate) }
        policyOptimizer = Adam(parameterCount: policyNetwork.parameters.count, learningRate: config.learningRate)
        explorationRandom = RandomStream(seed: config.seed, stream: 12)
        sampleRandom = RandomStream(seed: config.seed, stream: 13)
        lagrange = LagrangeMultiplier(learningRate: config.lagrangeLearningRate, costLimit: config.costLimit)

        let actionCount = nvec.reduce(1, *)
        self.actionCount = actionCount
        var features = [Float](repeating: 0, count: actionCount * objective.actionFeatureCount)
        features.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<actionCount {
                let (level, cpu, gpu) = Self.decode(index, nvec: nvec)
                objective.writeActionFeatures(level: level, cpu: cpu, gpu: gpu,
                                              into: base + index * objective.actionFeatureCount)
            }
        }
        actionFeatures = features
        plannerBatch = TrainableMLP.Batch(network: worldModel, batchSize: actionCount)
        modelBatch = TrainableMLP.Batch(network: worldModel, batchSize: config.batchSize)
        policyBatch = TrainableMLP.Batch(network: policyNetwork, batchSize: config.batchSize)
        modelGradients = [Float](repeating: 0, count: worldModel.parameters.count)
        policyGradients = [Float](repeating: 0, count: policyNetwork.parameters.count)
        scratch = [Float](repeating: 0, count: 2 * max(worldModel.widestLayer, policyNetwork.widestLayer))
        scores = [Float](repeating: 0, count: heads.scoreCount)
    }

    /// −ln(1 − u) of the CPU and GPU co-runner loads of a raw observation (`contentionFeatures`).
    static func contention(_ raw: [Float], offset: Int = 0) -> (Float, Float) {
        func slowdown(_ u: Float) -> Float { -log(1 - min(max(u, 0), 0.95)) }
        return (slowdown(raw[offset + ObservationLayout.coRunnerCPUUtilization]),
                slowdown(raw[offset + ObservationLayout.coRunnerGPUUtilization]))
    }

    /// Joint action index → [level, cpu, gpu] (level most significant).
    static func decode(_ index: Int, nvec: [Int]) -> (Int, Int, Int) {
        (index / (nvec[1] * nvec[2]), (index / nvec[2]) % nvec[1], index % nvec[2])
    }

    // MARK: acting

    public func greedyAction(_ observation: [Float]) -> [Int] {
        let normalized = normalization(observation)
        normalized.withUnsafeBufferPointer { input in
            scores.withUnsafeMutableBufferPointer { output in
                scratch.withUnsafeMutableBufferPointer { work in
                    guard let i = input.baseAddress, let o = output.baseAddress, let w = work.baseAddress else { return }
                    policyNetwork.forward(single: i, output: o, scratch: w)
                }
            }
        }
        return heads.greedy(scores)
    }

    /// The planner's choice for a raw observation: every joint action scored by the world model and the objective.
    public func plannedAction(_ rawObservation: [Float]) -> [Int] {
        let values = plannedValues(rawObservation)
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        let (level, cpu, gpu) = Self.decode(best, nvec: nvec)
        return [level, cpu, gpu]
    }

    /// The objective's expected reward of every joint action (level most significant) under the world model.
    func plannedValues(_ rawObservation: [Float]) -> [Double] {
        let normalized = normalization(rawObservation)
        let contention = config.contentionFeatures ? Self.contention(rawObservation) : (0, 0)
        let inputCount = modelInputs.count + (config.contentionFeatures ? 2 : 0)
        let featureCount = objective.actionFeatureCount
        let width = inputCount + featureCount
        var input = plannerBatch.input
        for index in 0..<actionCount {
            let row = index * width
            for (k, feature) in modelInputs.enumerated() { input[row + k] = normalized[feature] }
            if config.contentionFeatures {
                input[row + modelInputs.count] = contention.0
                input[row + modelInputs.count + 1] = contention.1
            }
            for k in 0..<featureCount { input[row + inputCount + k] = actionFeatures[index * featureCount + k] }
        }
        plannerBatch.input = input
        var predictions = [Float](repeating: 0, count: 2 * actionCount)
        for (member, model) in worldModels.enumerated() {
            plannerBatch.forward(model)
            let output = plannerBatch.output
            if member == 0 {
                predictions = output
            } else {
                for index in 0..<actionCount {
                    predictions[2 * index] = max(predictions[2 * index], output[2 * index])
                    predictions[2 * index + 1] += output[2 * index + 1]
                }
            }
        }
        if worldModels.count > 1 {
            let scale = 1 / Float(worldModels.count)
            for index in 0..<actionCount { predictions[2 * index + 1] *= scale }
        }
        var values = [Double](repeating: -.infinity, count: actionCount)
        let missPrice = config.constrained ? lagrange.value : 0
        let risk = LatencyRisk(residuals: residuals)
        rawObservation.withUnsafeBufferPointer { raw in
            guard let base = raw.baseAddress else { return }
            for index in 0..<actionCount {
                let latency = exp(Double(predictions[2 * index]))
                let energy = exp(Double(predictions[2 * index + 1]))
                values[index] = objective.expectedReward(latencyMs: latency, energyJ: energy,
                                                         level: index / (nvec[1] * nvec[2]), rawObservation: base,
                                                         risk: risk, missPrice: missPrice)
            }
        }
        return values
    }

    public func policyModel() -> PolicyModel { .network(policyNetwork.denseLayers) }
    public var headGroups: [[Int]]? { heads.isBranching ? nil : heads.groups }

    // MARK: the loop

    public func train(until step: Int, hooks: TrainingHooks) throws {
        var tracker = EpisodeTracker(copies: 1)
        var raw = try env.reset(seed: segmentSeed(config.seed, step: globalStep), options: [:]).observation
        let randomSteps = Int(config.randomFraction * Double(config.totalTimesteps))
        while globalStep < step {
            let exploring = globalStep < randomSteps || explorationRandom.nextDouble() < config.epsilon
            let action = exploring ? nvec.map { explorationRandom.nextInt(below: $0) } : greedyAction(raw)
            let result = try env.step(action.indices.map { action[$0] + env.actionSpace.start[$0] })
            tracker.add(copy: 0, reward: result.reward, signals: result.info)
            let latency = result.info.latencyMs, energy = result.info.energyJ
            if latency.isFinite, energy.isFinite, latency > 0, energy > 0 {
                record(raw: raw, action: action, logLatency: Float(log(latency)), logEnergy: Float(log(energy)),
                       residualSample: globalStep < randomSteps || !exploring)
            }
            if !exploring {
                windowCost += result.info.constraintCost
                windowSteps += 1
            }
            globalStep += 1
            raw = result.observation
            if result.isDone {
                tracker.finish(copy: 0, step: globalStep, hooks: hooks)
                raw = try env.reset(seed: nil, options: [:]).observation
            }

            if globalStep > config.learningStarts && logLatency.count >= config.batchSize {
                var loss: Float = 0
                for _ in 0..<max(1, config.modelUpdatesPerStep) { loss = modelStep() }
                if globalStep % 100 == 0 { hooks.record("losses/model_loss", Double(loss), globalStep) }
            }
            if config.constrained && windowSteps >= config.lagrangeUpdateFrequency {
                lagrange.update(meanCost: windowCost / Double(windowSteps))
                hooks.record("charts/lagrange_multiplier", lagrange.value, globalStep)
                windowCost = 0
                windowSteps = 0
            }
            if globalStep >= randomSteps && globalStep < config.totalTimesteps
                && (globalStep - randomSteps) % config.distillEvery == 0 {
                distill(states: config.distillStates, hooks: hooks)
            }
            if globalStep == config.totalTimesteps { distill(states: config.finalDistillStates, hooks: hooks) }
            if globalStep % 256 == 0 { hooks.progress(globalStep) }
        }
        hooks.progress(globalStep)
    }

    private func record(raw: [Float], action: [Int], logLatency latency: Float, logEnergy energy: Float,
                        residualSample: Bool) {
        // The model's error on this frame before it learns from it: an honest sample of its latency noise.
        if residualSample && logLatency.count >= config.batchSize {
            let predicted = predict(raw: raw, action: action)
            let residual = latency - predicted.logLatency
            if residuals.count < config.residualWindow {
                residuals.append(residual)
            } else {
                residuals[residualCursor] = residual
            }
            residualCursor = (residualCursor + 1) % max(1, config.residualWindow)
        }
        rawObservations.append(contentsOf: raw)
        normalizedObservations.append(contentsOf: normalization(raw))
        actions.append(contentsOf: action.map { Int32($0) })
        logLatency.append(latency)
        logEnergy.append(energy)
    }

    private func predict(raw: [Float], action: [Int]) -> (logLatency: Float, logEnergy: Float) {
        let normalized = normalization(raw)
        var input = modelInputs.map { normalized[$0] }
        if config.contentionFeatures {
            let contention = Self.contention(raw)
            input += [contention.0, contention.1]
        }
        let featureCount = objective.actionFeatureCount
        let index = (action[0] * nvec[1] + action[1]) * nvec[2] + action[2]
        input.append(contentsOf: actionFeatures[(index * featureCount)..<((index + 1) * featureCount)])
        var output: [Float] = [0, 0]
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { w in
                    guard let ib = i.baseAddress, let ob = o.baseAddress, let wb = w.baseAddress else { return }
                    worldModels[0].forward(single: ib, output: ob, scratch: wb)
                }
            }
        }
        return (output[0], output[1])
    }

    /// One regression step of every world model, each on its own minibatch. Returns the first one's MSE.
    private func modelStep() -> Float {
        var first: Float = 0
        for member in worldModels.indices {
            let loss = modelStep(member)
            if member == 0 { first = loss }
        }
        return first
    }

    /// One regression step of world model `member` on a minibatch of everything seen. Returns the MSE.
    private func modelStep(_ member: Int) -> Float {
        let batch = config.batchSize
        let observationCount = env.observationCount
        let inputCount = modelInputs.count + (config.contentionFeatures ? 2 : 0)
        let featureCount = objective.actionFeatureCount
        let width = inputCount + featureCount
        var input = modelBatch.input
        var targets = [Float](repeating: 0, count: 2 * batch)
        for row in 0..<batch {
            let sample = sampleRandom.nextInt(below: logLatency.count)
            for (k, feature) in modelInputs.enumerated() {
                input[row * width + k] = normalizedObservations[sample * observationCount + feature]
            }
            if config.contentionFeatures {
                let contention = Self.contention(rawObservations, offset: sample * observationCount)
                input[row * width + modelInputs.count] = contention.0
                input[row * width + modelInputs.count + 1] = contention.1
            }
            let a = sample * nvec.count
            let index = (Int(actions[a]) * nvec[1] + Int(actions[a + 1])) * nvec[2] + Int(actions[a + 2])
            for k in 0..<featureCount { input[row * width + inputCount + k] = actionFeatures[index * featureCount + k] }
            targets[2 * row] = logLatency[sample]
            targets[2 * row + 1] = logEnergy[sample]
        }
        modelBatch.input = input
        modelBatch.forward(worldModels[member])
        var gradient = targets
        let loss = Losses.meanSquaredError(predictions: modelBatch.output, targets: targets, gradient: &gradient)
        for index in modelGradients.indices { modelGradients[index] = 0 }
        modelBatch.backward(worldModels[member], outputGradient: gradient, gradients: &modelGradients)
        GradientClipping.clipGlobalNorm(&modelGradients, maxNorm: 10)
        modelOptimizers[member].update(&worldModels[member].parameters, gradients: modelGradients)
        return loss
    }

    /// Labels `states` observations drawn from everything seen with the planner's values and trains the policy
    /// network's scores to reproduce them: each score segment's target is the best planner value among the joint
    /// actions that make that segment's choice, relative to the overall best and clipped at `-distillValueClip`
    /// (MSE). The greedy choice of such scores is the planner's joint choice; a dense target per score learns far
    /// faster than one label per observation.
    private func distill(states: Int, hooks: TrainingHooks) {
        let observationCount = env.observationCount
        let count = min(states, logLatency.count)
        guard count > 0 else { return }
        let scoreCount = heads.scoreCount
        let clip = config.distillValueClip
        var inputs = [Float](repeating: 0, count: count * observationCount)
        var targets = [Float](repeating: 0, count: count * scoreCount)
        var labels = [Int](repeating: 0, count: count * heads.groups.count)
        var action = [0, 0, 0]
        for s in 0..<count {
            let sample = sampleRandom.nextInt(below: logLatency.count)
            let raw = Array(rawObservations[(sample * observationCount)..<((sample + 1) * observationCount)])
            let values = plannedValues(raw)
            var best = 0
            for index in values.indices where values[index] > values[best] { best = index }
            for k in 0..<observationCount {
                inputs[s * observationCount + k] = normalizedObservations[sample * observationCount + k]
            }
            for k in 0..<scoreCount { targets[s * scoreCount + k] = -clip }
            action.withUnsafeMutableBufferPointer { a in
                guard let base = a.baseAddress else { return }
                for index in 0..<actionCount {
                    let (level, cpu, gpu) = Self.decode(index, nvec: nvec)
                    base[0] = level; base[1] = cpu; base[2] = gpu
                    let relative = Float(max(values[index] - values[best], -Double(clip)))
                    var offset = 0
                    for g in heads.groups.indices {
                        let position = s * scoreCount + offset + heads.segmentIndex(of: base, group: g)
                        targets[position] = max(targets[position], relative)
                        if index == best { labels[s * heads.groups.count + g] = heads.segmentIndex(of: base, group: g) }
                        offset += heads.segmentSizes[g]
                    }
                }
            }
        }
        let batch = config.batchSize
        var loss: Float = 0
        for _ in 0..<config.distillEpochs {
            for _ in 0..<max(1, count / batch) {
                var input = policyBatch.input
                var batchTargets = [Float](repeating: 0, count: batch * scoreCount)
                for row in 0..<batch {
                    let s = sampleRandom.nextInt(below: count)
                    for k in 0..<observationCount { input[row * observationCount + k] = inputs[s * observationCount + k] }
                    for k in 0..<scoreCount { batchTargets[row * scoreCount + k] = targets[s * scoreCount + k] }
                }
                policyBatch.input = input
                policyBatch.forward(policyNetwork)
                var gradient = batchTargets
                loss = Losses.meanSquaredError(predictions: policyBatch.output, targets: batchTargets, gradient: &gradient)
                for index in policyGradients.indices { policyGradients[index] = 0 }
                policyBatch.backward(policyNetwork, outputGradient: gradient, gradients: &policyGradients)
                GradientClipping.clipGlobalNorm(&policyGradients, maxNorm: 10)
                policyOptimizer.update(&policyNetwork.parameters, gradients: policyGradients)
            }
        }
        // How often the policy now makes the planner's joint choice on the labelled observations.
        var agree = 0
        for s in 0..<count {
            let normalized = Array(inputs[(s * observationCount)..<((s + 1) * observationCount)])
            let choice = heads.greedy(policyNetwork(normalized))
            var matches = true
            choice.withUnsafeBufferPointer { c in
                guard let base = c.baseAddress else { return }
                for g in heads.groups.indices where heads.segmentIndex(of: base, group: g) != labels[s * heads.groups.count + g] {
                    matches = false
                }
            }
            if matches { agree += 1 }
        }
        lastDistillationAgreement = Double(agree) / Double(count)
        hooks.record("losses/distill_loss", Double(loss), globalStep)
        hooks.record("charts/distill_agreement", lastDistillationAgreement, globalStep)
    }

    // MARK: checkpoints

    public func checkpoint() throws -> CheckpointArchive {
        var archive = CheckpointArchive()
        try archive.encode(config, as: "config")
        try archive.encode(objective, as: "objective")
        try archive.encode(normalization, as: "normalization")
        try archive.encode(lagrange, as: "lagrange")
        archive.strings["agent"] = "model"
        for (member, model) in worldModels.enumerated() {
            archive.floats[member == 0 ? "world_model" : "world_model_\(member)"] = model.parameters
            archive.floats[member == 0 ? "model_adam_m" : "model_adam_m_\(member)"] = modelOptimizers[member].firstMoment
            archive.floats[member == 0 ? "model_adam_v" : "model_adam_v_\(member)"] = modelOptimizers[member].secondMoment
        }
        archive.integers["model_adam_steps"] = modelOptimizers.map(\.stepCount)
        archive.floats["policy_network"] = policyNetwork.parameters
        archive.floats["policy_adam_m"] = policyOptimizer.firstMoment
        archive.floats["policy_adam_v"] = policyOptimizer.secondMoment
        archive.integers["counters"] = [globalStep, modelOptimizers[0].stepCount, policyOptimizer.stepCount, windowSteps,
                                        residualCursor]
        archive.floats["window_cost"] = [Float(windowCost)]
        archive.floats["raw_observations"] = rawObservations
        archive.integers["actions"] = actions.map(Int.init)
        archive.floats["log_latency"] = logLatency
        archive.floats["log_energy"] = logEnergy
        archive.floats["residuals"] = residuals
        archive.floats["distill_agreement"] = [Float(lastDistillationAgreement)]
        archive.store(explorationRandom, as: "exploration_random")
        archive.store(sampleRandom, as: "sample_random")
        return archive
    }

    /// The agent as it was when `archive` was taken, in `env`.
    public convenience init(env: E, checkpoint archive: CheckpointArchive, file: String = "checkpoint") throws {
        let config = try archive.decode(ModelBasedConfig.self, "config", file: file)
        let objective = try archive.decode(PlanningObjective.self, "objective", file: file)
        let normalization = try archive.decode(ObservationNormalization.self, "normalization", file: file)
        try self.init(env: env, config: config, objective: objective, normalization: normalization)
        let model = try archive.floats("world_model", file: file)
        let policy = try archive.floats("policy_network", file: file)
        let counters = try archive.integers("counters", file: file)
        let observations = try archive.floats("raw_observations", file: file)
        let storedActions = try archive.integers("actions", file: file)
        let latencies = try archive.floats("log_latency", file: file)
        let energies = try archive.floats("log_energy", file: file)
        let adamSteps = (try? archive.integers("model_adam_steps", file: file)) ?? [counters.count > 1 ? counters[1] : 0]
        guard adamSteps.count == worldModels.count else {
            throw CheckpointArchive.Missing(file: file, entry: "model_adam_steps (ensemble size differs)")
        }
        for member in worldModels.indices.dropFirst() {
            let parameters = try archive.floats("world_model_\(member)", file: file)
            guard parameters.count == worldModels[member].parameters.count,
                  modelOptimizers[member].restore(firstMoment: try archive.floats("model_adam_m_\(member)", file: file),
                                                  secondMoment: try archive.floats("model_adam_v_\(member)", file: file),
                                                  stepCount: adamSteps[member])
            else { throw CheckpointArchive.Missing(file: file, entry: "world_model_\(member)") }
            worldModels[member].parameters = parameters
        }
        guard model.count == worldModels[0].parameters.count, policy.count == policyNetwork.parameters.count,
              counters.count == 5, latencies.count == energies.count,
              observations.count == latencies.count * env.observationCount,
              storedActions.count == latencies.count * nvec.count,
              modelOptimizers[0].restore(firstMoment: try archive.floats("model_adam_m", file: file),
                                     secondMoment: try archive.floats("model_adam_v", file: file), stepCount: counters[1]),
              policyOptimizer.restore(firstMoment: try archive.floats("policy_adam_m", file: file),
                                      secondMoment: try archive.floats("policy_adam_v", file: file), stepCount: counters[2])
        else { throw CheckpointArchive.Missing(file: file, entry: "model-based agent state (shapes differ)") }
        worldModels[0].parameters = model
        policyNetwork.parameters = policy
        globalStep = counters[0]
        windowSteps = counters[3]
        residualCursor = counters[4]
        windowCost = Double(try archive.floats("window_cost", file: file).first ?? 0)
        rawObservations = observations
        normalizedObservations = []
        normalizedObservations.reserveCapacity(observations.count)
        for row in 0..<latencies.count {
            let rowStart = row * env.observationCount
            normalizedObservations.append(contentsOf: normalization(Array(observations[rowStart..<(rowStart + env.observationCount)])))
        }
        actions = storedActions.map { Int32(truncatingIfNeeded: $0) }
        logLatency = latencies
        logEnergy = energies
        residuals = try archive.floats("residuals", file: file)
        lastDistillationAgreement = Double(try archive.floats("distill_agreement", file: file).first ?? 0)
        lagrange = try archive.decode(LagrangeMultiplier.self, "lagrange", file: file)
        explorationRandom = try archive.stream("exploration_random", file: file)
        sampleRandom = try archive.stream("sample_random", file: file)
    }
}
