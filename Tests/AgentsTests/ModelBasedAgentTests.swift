import Agents
import Foundation
import Environment
import Testing

@Suite("Model-based agent: world model, planner, distilled policy")
struct ModelBasedAgentTests {
    static func config(steps: Int) -> ModelBasedConfig {
        var config = ModelBasedConfig()
        config.totalTimesteps = steps
        config.normalizationSteps = 256
        config.learningStarts = 200
        config.distillEvery = 1000
        config.distillStates = 300
        config.finalDistillStates = 1200
        config.distillEpochs = 20
        config.headGroups = [[0, 2], [1]]
        return config
    }

    /// The expected reward as a plain pass over every residual: the reference for `LatencyRisk`'s regrouped sum.
    static func naiveExpectedReward(_ objective: PlanningObjective, latencyMs: Double, energyJ: Double, level: Int,
                                    rawObservation: UnsafePointer<Float>, residuals: [Float], missPrice: Double) -> Double {
        let reward = objective.reward
        let target = Double(rawObservation[ObservationLayout.latencyTargetMs])
        let floor = Double(rawObservation[ObservationLayout.accuracyFloorPercent])
        let top1 = objective.levelTop1Percent[level]
        var missPenalty = 0.0
        var misses = 0
        for residual in residuals {
            let latency = latencyMs * exp(Double(residual))
            if latency > target {
                misses += 1
                missPenalty += reward.missPenalty + reward.missPenaltyPerExcess * (latency / target - 1)
            }
        }
        let count = Double(residuals.count)
        var value = -energyJ * 1000 / reward.energyScaleMJ - missPenalty / count - missPrice * Double(misses) / count
        if top1 < floor { value -= reward.accuracyPenalty + reward.accuracyPenaltyPerPoint * (floor - top1) }
        value -= objective.accuracyWeightPerPoint * max(0, (objective.levelTop1Percent.max() ?? 0) - top1)
        return value
    }

    @Test("the objective is the environment's reward on an exact prediction, and a noise sample's average otherwise")
    func objectiveMatchesTheReward() {
        let objective = ToyDVFSBoard.planningObjective
        var observation = [Float](repeating: 0, count: ObservationLayout.count)
        for (target, corunner) in [(60.0, 0.0), (60.0, 0.6), (90.0, 0.6)] {
            observation.withUnsafeMutableBufferPointer { ToyDVFSBoard.observation(target: target, corunner: corunner, into: $0) }
            for level in 0..<3 { for cpu in 0..<3 { for gpu in 0..<4 {
                let frame = ToyDVFSBoard.frame(level: level, cpu: cpu, gpu: gpu, corunner: corunner)
                let planned = observation.withUnsafeBufferPointer {
                    objective.expectedReward(latencyMs: frame.latencyMs, energyJ: frame.energyJ, level: level,
                                             rawObservation: $0.baseAddress!, risk: LatencyRisk(residuals: [0]),
                                             missPrice: 0)
                }
                let actual = ToyDVFSBoard.reward(level: level, cpu: cpu, gpu: gpu, target: target, corunner: corunner)
                #expect(abs(planned - actual) < 1e-9)
            } } }
        }
        // Two residuals ±0.1 in log latency: the average of the two frames' rewards, plus the miss price times the
        // fraction that misses.
        observation.withUnsafeMutableBufferPointer { ToyDVFSBoard.observation(target: 100, corunner: 0, into: $0) }
        let value = observation.withUnsafeBufferPointer {
            objective.expectedReward(latencyMs: 95, energyJ: 1, level: 2, rawObservation: $0.baseAddress!,
                                     risk: LatencyRisk(residuals: [Float(-0.1), Float(0.1)]), missPrice: 0.5)
        }
        let slow = 95 * exp(Double(Float(0.1)))
        let expected = -1 - 0.5 * (1 + (slow / 100 - 1)) - 0.5 * 0.5
        #expect(abs(value - expected) < 1e-9)

        // The planner's fast path (sorted multipliers, one binary search) equals the pass over every residual.
        var random = RandomStream(seed: 9)
        let residuals = (0..<200).map { _ in (random.nextFloat() - 0.5) * 0.4 }
        let risk = LatencyRisk(residuals: residuals)
        for _ in 0..<500 {
            let latency = 60 + 80 * random.nextDouble(), energy = 0.3 + random.nextDouble()
            let level = random.nextInt(below: 3), price = 2 * random.nextDouble()
            let (slow, fast) = observation.withUnsafeBufferPointer {
                (Self.naiveExpectedReward(objective, latencyMs: latency, energyJ: energy, level: level,
                                          rawObservation: $0.baseAddress!, residuals: residuals, missPrice: price),
                 objective.expectedReward(latencyMs: latency, energyJ: energy, level: level, rawObservation: $0.baseAddress!,
                                          risk: risk, missPrice: price))
            }
            #expect(abs(slow - fast) < 1e-9, "latency \(latency)")
        }
    }

    @Test("learns the brute-force optimum of every context of a small DVFS board, and the distilled policy acts on it",
          arguments: [(nil, false), ([ObservationLayout.latencyTargetMs, ObservationLayout.coRunnerGPUUtilization], false),
                      (nil, true)])
    func learnsTheOptimum(modelFeatures: [Int]?, contentionFeatures: Bool) throws {
        var config = Self.config(steps: 6000)
        config.modelFeatures = modelFeatures
        config.contentionFeatures = contentionFeatures
        let agent = try ModelBasedAgent(env: ToyDVFSBoard(), config: config, objective: ToyDVFSBoard.planningObjective)
        try agent.train(until: 6000, hooks: .silent)
        var observation = [Float](repeating: 0, count: ObservationLayout.count)
        for target in ToyDVFSBoard.targets {
            for corunner in ToyDVFSBoard.corunners {
                observation.withUnsafeMutableBufferPointer { ToyDVFSBoard.observation(target: target, corunner: corunner, into: $0) }
                let optimum = ToyDVFSBoard.optimum(target: target, corunner: corunner)
                for (who, action) in [("planner", agent.plannedAction(observation)), ("policy", agent.greedyAction(observation))] {
                    let reward = ToyDVFSBoard.reward(level: action[0], cpu: action[1], gpu: action[2], target: target,
                                                     corunner: corunner)
                    // Within 3% of a frame's energy scale of the optimum, and never a miss where the optimum meets
                    // the target.
                    #expect(reward >= optimum.reward - 0.03,
                            "\(who), target \(target), co-runner \(corunner): \(action) earns \(reward), optimum \(optimum.action) \(optimum.reward)")
                }
            }
        }
        #expect(agent.lastDistillationAgreement > 0.5)
    }

    @Test("model features outside the observation are refused by name")
    func badModelFeatures() throws {
        var config = Self.config(steps: 100)
        config.modelFeatures = [0, ObservationLayout.count]
        #expect(throws: InvalidModelFeatures.self) {
            _ = try ModelBasedAgent(env: ToyDVFSBoard(), config: config, objective: ToyDVFSBoard.planningObjective)
        }
    }

    @Test("a run resumed from a checkpoint ends exactly where the uninterrupted run does")
    func resumesExactly() throws {
        var config = Self.config(steps: 1600)
        config.ensembleSize = 2
        try ParityAndCheckpointTests.resumeMatches(
            make: { try ModelBasedAgent(env: ToyDVFSBoard(), config: config, objective: ToyDVFSBoard.planningObjective) },
            resume: { try ModelBasedAgent(env: ToyDVFSBoard(), checkpoint: $0) },
            middle: 900, total: 1600,
            state: { $0.worldModels.flatMap(\.parameters) + $0.policyNetwork.parameters })
    }

    @Test("PolicyRuntime chooses the distilled policy's action on 10,000 observations")
    func parity() throws {
        let agent = try ModelBasedAgent(env: ToyDVFSBoard(), config: Self.config(steps: 1500),
                                        objective: ToyDVFSBoard.planningObjective)
        try agent.train(until: 1500, hooks: .silent)
        try ParityAndCheckpointTests.checkParity(agent, width: ObservationLayout.count, nvec: [3, 3, 4])
    }
}
