import Agents
import ArgumentParsing
import Environment
import Evaluation
import Foundation
import OFA
import Platform
import Policy
import PolicyWriter

/// `tandem train`: learns a policy in the simulated `RuntimeEnv` of a scenario and writes the policy file.
///
/// Progress goes to standard error: a bar with steps/s and ETA on a terminal, plain lines otherwise. With
/// `--checkpoint-every N` the full agent state (networks, optimiser, replay buffer, random streams) is written
/// atomically every N steps; `--resume` continues from it, losing at most one interval, and ends exactly where the
/// uninterrupted run would have. `--log` writes the metrics (CleanRL's names) as HDF5.
enum TrainCommand: Command {
    static let spec = CommandSpec(
        name: "train",
        abstract: "Train a joint sub-network/DVFS policy (q, dqn or ppo) on a scenario and write the policy file.",
        discussion: "Example: tandem train --platform xavier-nx --scenario Experiments/scenarios/train/paper-gpu-corunner.json "
            + "--library library.h5 --agent dqn --steps 30000 --seed 1 --out Policies/paper-gpu-corunner.h5",
        options: [
            .value("platform", "NAME", "the board (\(PlatformCatalog.builtInNames.joined(separator: ", ")))", default: "xavier-nx"),
            .value("scenario", "S.json,...", "the scenario(s) to train on; with several, each episode picks one at random",
                   required: true),
            .value("ensemble", "K", "--agent model: world models trained side by side; the planner takes their slowest "
                   + "predicted latency", default: "1"),
            .value("model-features", "all|context", "--agent model: what the world model reads: the whole observation, or "
                   + "the context only (target, floor, co-runner loads, temperature), not the last frame", default: "all"),
            .flag("contention-features", "--agent model: give the world model −ln(1 − u) of each co-runner load u "
                  + "(the slowdown of a shared device)"),
            .value("corunner-scales", "S,S,...", "domain randomisation: train on copies of every scenario with co-runner "
                   + "utilisations scaled by each factor (capped at 0.95), e.g. 0.5,1,1.5", default: "1"),
            .value("mix", "frames|episodes", "with several scenarios: give each the same expected number of frames "
                   + "(episodes picked in proportion to 1/length), or the same number of episodes", default: "episodes"),
            .value("library", "LIB.h5|library.json", "the sub-network library (tandem search output, or Dynamic-OFA's library.json with --tables)", required: true),
            .value("tables", "DIR", "Dynamic-OFA latency tables (cpu/, gpu/) for a library.json"),
            .value("agent", "q|dqn|ppo|model", "the learning algorithm (model: learned world model + planner, distilled "
                   + "into a policy network)", default: "dqn"),
            .value("steps", "N", "environment steps to train for", default: "30000"),
            .value("seed", "K", "the run's seed (same machine + same seed = same policy)", default: "1"),
            .value("out", "P.h5", "where to write the policy file", required: true),
            .value("checkpoint-every", "N", "write a checkpoint every N steps"),
            .value("checkpoint", "FILE", "the checkpoint file (default: OUT with .checkpoint.h5; removed when the run completes)"),
            .flag("resume", "Continue from the checkpoint if there is one."),
            .value("log", "M.h5", "write the training metrics to this HDF5 file"),
            .flag("constrained", "Learn a Lagrange multiplier that holds the latency-miss rate at --miss-rate."),
            .value("miss-rate", "R", "the tolerated miss rate of --constrained (fraction)", default: "0.01"),
            .value("accuracy-weight", "W", "reward given up per top-1 point below the library's best level", default: "0.3"),
            .value("gamma", "G", "DQN's discount (the frame dynamics are nearly myopic: small values learn faster)", default: "0.9"),
            .value("head", "branching|coupled", "the score layout (dqn, model): one branch per action dimension, or one "
                   + "joint head over (sub-network × OPP of the device running the DNN) plus a branch for the other device "
                   + "(default: branching for dqn, coupled for model, whose distilled plan is a joint choice)"),
            .value("hidden", "W,W,...", "DQN's hidden layer widths", default: "64,64"),
            .value("cpu-floor-khz", "KHZ", "lowest CPU frequency the policy's frames run at, in training and in "
                   + "--evaluate-on for every controller (default: the board's nvpmodel floor; 0 lifts it)"),
            .value("evaluate-on", "S.json,...", "after training, evaluate the written policy on these (held-out) scenarios "
                   + "next to dynamic-ofa, schedutil and the oracle"),
            .flag("json", "Print one JSON object with the run's summary."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let agentName = try arguments.choice("agent", in: ["q", "dqn", "ppo", "model"]) ?? "dqn"
        let steps = try arguments.int("steps") ?? 30000
        guard steps > 0 else { throw UsageError.invalidValue(option: "steps", value: String(steps), expected: "a positive integer") }
        let seedValue = try arguments.int("seed") ?? 1
        guard seedValue >= 0 else { throw UsageError.invalidValue(option: "seed", value: String(seedValue), expected: "a non-negative integer") }
        let every = try arguments.int("checkpoint-every")
        if let every, every <= 0 {
            throw UsageError.invalidValue(option: "checkpoint-every", value: String(every), expected: "a positive integer")
        }
        let missRate = try arguments.double("miss-rate") ?? 0.01
        guard (0...1).contains(missRate) else {
            throw UsageError.invalidValue(option: "miss-rate", value: String(missRate), expected: "a fraction in 0...1")
        }
        let out = try arguments.required("out")
        let checkpointPath = arguments.string("checkpoint") ?? TrainingSetup.checkpointPath(for: out)
        let setup = try TrainingSetup.load(platformName: try arguments.required("platform"),
                                           scenarioPaths: arguments.list("scenario") ?? [],
                                           libraryPath: try arguments.required("library"), tables: arguments.string("tables"))
        let accuracyWeight = try arguments.double("accuracy-weight") ?? 0.3
        guard accuracyWeight >= 0 else {
            throw UsageError.invalidValue(option: "accuracy-weight", value: String(accuracyWeight), expected: "≥ 0")
        }
        let gamma = try arguments.double("gamma") ?? 0.9
        guard (0...1).contains(gamma) else { throw UsageError.invalidValue(option: "gamma", value: String(gamma), expected: "0...1") }
        let head = try arguments.choice("head", in: ["branching", "coupled"]) ?? (agentName == "model" ? "coupled" : "branching")
        if head == "coupled" && agentName != "dqn" && agentName != "model" {
            throw UsageError.invalidValue(option: "head", value: head, expected: "branching (coupled needs --agent dqn or model)")
        }
        let cpuFloorKHz = try arguments.int("cpu-floor-khz") ?? setup.governorCPUFloorKHz
        guard cpuFloorKHz >= 0 else { throw UsageError.invalidValue(option: "cpu-floor-khz", value: String(cpuFloorKHz), expected: "≥ 0") }
        var options = AgentOptions(kind: agentName, steps: steps, seed: UInt64(seedValue),
                                   constrained: arguments.flag("constrained"), missRate: missRate,
                                   accuracyWeight: accuracyWeight)
        options.gamma = gamma
        options.coupledHead = head == "coupled"
        options.cpuFloorKHz = cpuFloorKHz
        let scalesText = arguments.list("corunner-scales") ?? ["1"]
        let scales = scalesText.compactMap { Double($0) }
        guard scales.count == scalesText.count, !scales.isEmpty, scales.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw UsageError.invalidValue(option: "corunner-scales", value: scalesText.joined(separator: ","),
                                          expected: "comma-separated non-negative factors")
        }
        options.coRunnerScales = scales
        let ensemble = try arguments.int("ensemble") ?? 1
        guard (1...8).contains(ensemble) else {
            throw UsageError.invalidValue(option: "ensemble", value: String(ensemble), expected: "1...8")
        }
        options.ensembleSize = ensemble
        options.contentionFeatures = arguments.flag("contention-features")
        options.contextOnlyModel = (try arguments.choice("model-features", in: ["all", "context"]) ?? "all") == "context"
        options.balanceFrames = (try arguments.choice("mix", in: ["frames", "episodes"]) ?? "episodes") == "frames"
        let hiddenText = arguments.list("hidden") ?? ["64", "64"]
        let hidden = hiddenText.compactMap { Int($0) }
        guard hidden.count == hiddenText.count, !hidden.isEmpty, hidden.allSatisfy({ (1...1024).contains($0) }) else {
            throw UsageError.invalidValue(option: "hidden", value: hiddenText.joined(separator: ","),
                                          expected: "comma-separated widths in 1...1024")
        }
        options.hiddenSizes = hidden

        var agent: any TrainableAgent
        var log = MetricsLog()
        let logPath = arguments.string("log")
        if arguments.flag("resume"), FileManager.default.fileExists(atPath: checkpointPath) {
            agent = try setup.resumeAgent(checkpointPath: checkpointPath, options: options)
            if let logPath, FileManager.default.fileExists(atPath: logPath) { log = try MetricsLog.read(from: logPath) }
            progressLine("resuming \(agentName) from \(checkpointPath) at step \(agent.globalStep)")
        } else {
            agent = try setup.makeAgent(options)
        }

        let start = ContinuousClock.now
        let startStep = agent.globalStep
        let summary = try train(agent, steps: steps, every: every, checkpointPath: checkpointPath, log: log,
                                logPath: logPath, setup: setup, options: options)
        let seconds = TrainingProgress.seconds(since: start)
        let policy = setup.policyFile(agent: agent, options: options)
        try policy.write(to: out)
        if every != nil { try? FileManager.default.removeItem(atPath: checkpointPath) }
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        let rate = Double(agent.globalStep - startStep) / max(seconds, 1e-9)
        var evaluations: [[String: Any]] = []
        for path in arguments.list("evaluate-on") ?? [] {
            evaluations.append(try PolicyEvaluation.run(policyPath: out, scenarioPath: path, setup: setup,
                                                        cpuFloorKHz: cpuFloorKHz, printTable: !arguments.flag("json")))
        }
        if arguments.flag("json") {
            let object: [String: Any] = [
                "evaluations": evaluations,
                "policy": out, "agent": options.label, "steps": agent.globalStep, "seconds": seconds,
                "steps_per_s": rate, "bytes": size, "scenario": setup.scenarioName,
                "final_episodic_return": summary.values("charts/episodic_return").last ?? Double.nan,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("wrote \(out) (\(size / 1024) KiB): \(options.label), \(agent.globalStep) steps in "
                  + String(format: "%.1f s (%.0f steps/s)", seconds, rate))
        }
        return 0
    }

    /// Runs the trainer with progress display, checkpoints and the metrics log; returns the metrics.
    static func train(_ agent: any TrainableAgent, steps: Int, every: Int?, checkpointPath: String, log: MetricsLog,
                      logPath: String?, setup: TrainingSetup, options: AgentOptions) throws -> MetricsLog {
        func run<A: TrainableAgent>(_ agent: A) throws -> MetricsLog {
            let trainer = Trainer(agent: agent, totalSteps: steps, checkpointEvery: every,
                                  checkpointPath: every == nil ? nil : checkpointPath, log: log)
            let progress = TrainingProgress(total: steps, startStep: agent.globalStep)
            trainer.onProgress = { progress.update(step: $0) }
            let attributes = ["agent": options.label, "scenario": setup.scenarioName, "seed": String(options.seed),
                              "tandem_version": TandemVersion.string]
            trainer.onCheckpoint = { step, log in
                if let logPath { try log.write(to: logPath, attributes: attributes) }
                progress.note("checkpoint at step \(step) → \(checkpointPath)")
            }
            try trainer.run()
            progress.finish(step: agent.globalStep)
            if let logPath { try trainer.log.write(to: logPath, attributes: attributes) }
            return trainer.log
        }
        return try run(agent)
    }

    static func progressLine(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The agent choice and the settings `tandem train` passes to it.
struct AgentOptions {
    var kind: String
    var steps: Int
    var seed: UInt64
    var constrained: Bool
    var missRate: Double
    /// Reward per top-1 point below the best level (`AccuracyWeightedReward`).
    var accuracyWeight: Double = 0.3
    /// DQN's discount.
    var gamma: Double = 0.9
    /// DQN with a joint head over (level × OPP of the DNN's device) and a branch for the other device's OPP.
    var coupledHead = false
    /// The CPU floor of the training environment (`RuntimeEnv.cpuFloorKHz`).
    var cpuFloorKHz = 0
    /// DQN's hidden layer widths.
    var hiddenSizes = [64, 64]
    /// Pick the mix's scenarios so each gets the same expected number of frames (`EnvironmentMix`), not the same
    /// number of episodes.
    var balanceFrames = false
    /// Domain randomisation: every scenario with co-runners is trained in copies whose co-runner utilisations are
    /// scaled by each factor (`[1]`: the scenarios as written).
    var coRunnerScales: [Double] = [1]
    /// The model-based agent's number of world models.
    var ensembleSize = 1
    /// The model-based agent's world model reads only the context features (`TrainingSetup.contextFeatures`).
    var contextOnlyModel = false
    /// The model-based agent's world model gets the co-runners' log slowdowns.
    var contentionFeatures = false
    /// `dqn` or `dqn:constrained`, as written into the policy's provenance.
    var label: String { constrained ? kind + ":constrained" : kind }
}

/// Everything a training run needs besides the agent: the scenarios, board, library and the frame model of the
/// simulated board for each scenario's device, plus what the policy file records about them.
struct TrainingSetup {
    let scenarios: [Scenario]
    let platform: PlatformDescription
    let library: SubnetLibrary
    /// One per scenario (the model depends on the device the scenario runs inference on).
    let models: [PlatformFrameModel]

    /// The scenario names as the policy's provenance records them (`a+b` for a mix).
    var scenarioName: String { scenarios.map(\.name).joined(separator: "+") }

    static func load(platformName: String, scenarioPaths: [String], libraryPath: String, tables: String?) throws
        -> TrainingSetup
    {
        guard PlatformCatalog.builtInNames.contains(platformName) else {
            throw UsageError.invalidValue(option: "platform", value: platformName,
                                          expected: PlatformCatalog.builtInNames.joined(separator: ", "))
        }
        guard !scenarioPaths.isEmpty else { throw UsageError.invalidValue(option: "scenario", value: "", expected: "a scenario file") }
        let platform = try PlatformCatalog.description(named: platformName)
        let scenarios = try scenarioPaths.map { path in
            let scenario = try Scenario.load(from: URL(fileURLWithPath: path))
            guard scenario.platform == platformName else {
                throw UsageError.invalidValue(option: "scenario", value: path,
                                              expected: "a scenario for \(platformName) (this one is for \(scenario.platform))")
            }
            return scenario
        }
        let library = try LibraryLoading.load(path: libraryPath, tables: tables)
        let models = try scenarios.map { try SimulatedBoard.model(platform: platform, library: library, device: $0.device) }
        return TrainingSetup(scenarios: scenarios, platform: platform, library: library, models: models)
    }

    static func checkpointPath(for out: String) -> String {
        (out.hasSuffix(".h5") ? String(out.dropLast(3)) : out) + ".checkpoint.h5"
    }

    /// The environment agents learn in: the simulated board under the scenarios (one per episode, at random),
    /// with the accuracy-weighted reward.
    func makeEnv(_ options: AgentOptions) -> EnvironmentMix<AccuracyWeightedReward<RuntimeEnv>> {
        let best = library.levels.map(\.top1Percent).max() ?? 0
        var members: [(Scenario, PlatformFrameModel)] = []
        for (scenario, model) in zip(scenarios, models) {
            for variant in Self.coRunnerVariants(of: scenario, scales: options.coRunnerScales) { members.append((variant, model)) }
        }
        let weights = options.balanceFrames
            ? EnvironmentMix<AccuracyWeightedReward<RuntimeEnv>>.frameBalancedWeights(episodeFrames: members.map(\.0.frameCount))
            : nil
        return EnvironmentMix(members.map { scenario, model in
            let env = RuntimeEnv(scenario: scenario, model: model)
            env.cpuFloorKHz = options.cpuFloorKHz
            return AccuracyWeightedReward(env, weightPerPoint: options.accuracyWeight, bestTop1Percent: best)
        }, weights: weights)
    }

    /// The highest co-runner utilisation a scaled copy gets: a co-runner never takes the whole device.
    static let maximumScaledUtilization = 0.95

    /// `scenario` with its co-runner utilisations scaled by each factor (one copy per distinct result; a scenario
    /// without co-runners is returned once).
    static func coRunnerVariants(of scenario: Scenario, scales: [Double]) -> [Scenario] {
        guard !scenario.coRunners.isEmpty else { return [scenario] }
        var variants: [Scenario] = []
        for scale in scales {
            var variant = scenario
            variant.coRunners = scenario.coRunners.map { runner in
                var scaled = runner
                scaled.utilization = min(maximumScaledUtilization, runner.utilization * scale)
                return scaled
            }
            if scale != 1 { variant.name = scenario.name + "@corunner×\(scale)" }
            if !variants.contains(where: { $0.coRunners == variant.coRunners }) { variants.append(variant) }
        }
        return variants
    }

    /// The observation features that describe the situation rather than the last frame: the latency target, the
    /// accuracy floor, the co-runners' loads and the temperature.
    static let contextFeatures = [ObservationLayout.latencyTargetMs, ObservationLayout.accuracyFloorPercent,
                                  ObservationLayout.coRunnerCPUUtilization, ObservationLayout.coRunnerGPUUtilization,
                                  ObservationLayout.temperatureC]

    /// What the model-based agent's planner maximises: the training reward (`RuntimeEnv`'s standard reward with the
    /// run's accuracy weight) over this library's levels and the board's OPP tables.
    func planningObjective(_ options: AgentOptions) -> PlanningObjective {
        PlanningObjective(reward: .standard, accuracyWeightPerPoint: options.accuracyWeight,
                          levelTop1Percent: library.levels.map(\.top1Percent),
                          cpuFrequenciesKHz: model.cpuFrequenciesKHz, gpuFrequenciesKHz: model.gpuFrequenciesKHz)
    }

    /// The OPP tables are the board's, the same for every scenario.
    var model: PlatformFrameModel { models[0] }

    /// The CPU minimum the board's governors run with by default (nvpmodel sets 1.19 GHz on the Xavier NX in
    /// every mode). Every controller lives under it by default (`RuntimeEnv.cpuFloorKHz`), the policy included.
    var governorCPUFloorKHz: Int { platform.powerModes.modes.map(\.cpuMinKHz).min() ?? 0 }

    /// Default hyperparameters for RuntimeEnv, with the run's budget, seed and constraint.
    func makeAgent(_ options: AgentOptions) throws -> any TrainableAgent {
        switch options.kind {
        case "q":
            var config = QLearningConfig()
            config.seed = options.seed
            config.totalTimesteps = options.steps
            // What the table conditions on: the target, the floor, the co-runners and how late the last frame was.
            config.features = [ObservationLayout.latencyTargetMs, ObservationLayout.accuracyFloorPercent,
                               ObservationLayout.coRunnerCPUUtilization, ObservationLayout.coRunnerGPUUtilization,
                               ObservationLayout.latencyRatio]
            config.constrained = options.constrained
            config.costLimit = options.missRate
            return try TabularQLearning(env: makeEnv(options), config: config)
        case "model":
            var config = ModelBasedConfig()
            config.seed = options.seed
            config.totalTimesteps = options.steps
            config.constrained = options.constrained
            config.costLimit = options.missRate
            config.policyHiddenSizes = options.hiddenSizes
            config.ensembleSize = options.ensembleSize
            if options.contextOnlyModel { config.modelFeatures = Self.contextFeatures }
            config.contentionFeatures = options.contentionFeatures
            if options.coupledHead { config.headGroups = coupledHeadGroups }
            return try ModelBasedAgent(env: makeEnv(options), config: config, objective: planningObjective(options))
        case "ppo":
            var config = PPOConfig()
            config.seed = options.seed
            config.totalTimesteps = options.steps
            config.constrained = options.constrained
            config.costLimit = options.missRate
            return try PPO(config: config) { _ in makeEnv(options) }
        default:
            var config = DQNConfig()
            config.seed = options.seed
            config.totalTimesteps = options.steps
            config.constrained = options.constrained
            config.costLimit = options.missRate
            config.gamma = options.gamma
            config.hiddenSizes = options.hiddenSizes
            if options.coupledHead { config.headGroups = coupledHeadGroups }
            return try BranchingDQN(env: makeEnv(options), config: config)
        }
    }

    struct WrongCheckpoint: Error, CustomStringConvertible {
        let path: String
        let found: String
        let expected: String
        var description: String { "\(path): checkpoint of a \(found) agent, but --agent is \(expected)" }
    }

    func resumeAgent(checkpointPath: String, options: AgentOptions) throws -> any TrainableAgent {
        let expectedKind = options.kind
        let archive = try CheckpointArchive.read(from: checkpointPath)
        let kind = archive.strings["agent"] ?? "?"
        guard kind == expectedKind else { throw WrongCheckpoint(path: checkpointPath, found: kind, expected: expectedKind) }
        switch kind {
        case "q": return try TabularQLearning(env: makeEnv(options), checkpoint: archive, file: checkpointPath)
        case "ppo": return try PPO(checkpoint: archive, file: checkpointPath) { _ in makeEnv(options) }
        case "model": return try ModelBasedAgent(env: makeEnv(options), checkpoint: archive, file: checkpointPath)
        default: return try BranchingDQN(env: makeEnv(options), checkpoint: archive, file: checkpointPath)
        }
    }

    /// The coupled layout: one joint head over (level × OPP of the device that runs the DNN), one branch for the
    /// other device's OPP (dimensions [level, CPU OPP, GPU OPP]; the first scenario's device decides).
    var coupledHeadGroups: [[Int]] { scenarios.first?.device == .cpu ? [[0, 1], [2]] : [[0, 2], [1]] }

    /// The action tables of this board and library: [sub-network level, CPU OPP, GPU OPP].
    func actionTables(headGroups: [[Int]]?) -> ActionTables {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let configs = library.levels.map { level in
            (try? encoder.encode(level.config)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        return ActionTables(dimensionNames: ["subnet", "cpu_opp", "gpu_opp"],
                            nvec: [library.levels.count, model.cpuFrequenciesKHz.count, model.gpuFrequenciesKHz.count],
                            libraryConfigs: configs, libraryTop1Percent: library.levels.map { Float($0.top1Percent) },
                            cpuFrequenciesKHz: model.cpuFrequenciesKHz, gpuFrequenciesKHz: model.gpuFrequenciesKHz,
                            safeAction: safeAction, headGroups: headGroups)
    }

    /// The fastest level (fewest MACs) at the highest OPPs: it meets any target another choice would meet.
    var safeAction: [Int] {
        let fastest = library.levels.indices.min { library.levels[$0].macs < library.levels[$1].macs } ?? 0
        return [fastest, model.cpuFrequenciesKHz.count - 1, model.gpuFrequenciesKHz.count - 1]
    }

    func policyFile(agent: any TrainableAgent, options: AgentOptions) -> PolicyFile {
        let formatter = ISO8601DateFormatter()
        return PolicyFile(
            observationNames: ObservationLayout.names, normalization: agent.normalization, actions: actionTables(headGroups: agent.headGroups),
            model: agent.policyModel(), platform: PlatformIdentity(name: platform.name, fingerprint: platform.fingerprint),
            provenance: PolicyProvenance(scenario: scenarioName, seed: options.seed, steps: agent.globalStep,
                                         agent: options.label, tandemVersion: TandemVersion.string,
                                         date: formatter.string(from: Date())))
    }
}

/// Progress on standard error: a redrawn bar with steps/s and ETA on a terminal, a plain line every 10% otherwise.
final class TrainingProgress {
    let total: Int
    let isTerminal = isatty(STDERR_FILENO) != 0
    private let start = ContinuousClock.now
    private let startStep: Int
    private var lastPrinted = ContinuousClock.now
    private var lastDecile: Int

    init(total: Int, startStep: Int) {
        self.total = total
        self.startStep = startStep
        lastDecile = startStep * 10 / max(total, 1)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private func status(step: Int) -> String {
        let elapsed = Self.seconds(since: start)
        let rate = Double(step - startStep) / max(elapsed, 1e-9)
        let remaining = rate > 0 ? Double(total - step) / rate : .infinity
        let eta = remaining.isFinite ? String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60) : "?"
        return String(format: "%d/%d steps  %.0f steps/s  ETA %@", step, total, rate, eta)
    }

    func update(step: Int) {
        if isTerminal {
            guard Self.seconds(since: lastPrinted) > 0.1 || step >= total else { return }
            lastPrinted = .now
            let width = 30
            let filled = min(width, step * width / max(total, 1))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(status(step: step))\u{1B}[K".utf8))
        } else {
            let decile = step * 10 / max(total, 1)
            guard decile > lastDecile else { return }
            lastDecile = decile
            TrainCommand.progressLine("train: " + status(step: step))
        }
    }

    func note(_ text: String) {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        TrainCommand.progressLine("train: " + text)
    }

    func finish(step: Int) {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        TrainCommand.progressLine("train: done, " + status(step: step))
    }
}

/// `--evaluate-on`: the written policy, loaded through `PolicyRuntime` as `tandemd` would, against the baselines
/// on another scenario of the same board and library. One episode each from the same seed.
enum PolicyEvaluation {
    static let baselines: [Baseline] = [.dynamicOFA, .governor(.schedutil), .oracle]

    static func run(policyPath: String, scenarioPath: String, setup: TrainingSetup, cpuFloorKHz: Int, printTable: Bool) throws -> [String: Any] {
        let scenario = try Scenario.load(from: URL(fileURLWithPath: scenarioPath))
        let model = try SimulatedBoard.model(platform: setup.platform, library: setup.library, device: scenario.device)
        let runtime = try PolicyRuntime(path: policyPath)
        try runtime.policy.check(platformName: setup.platform.name, fingerprint: setup.platform.fingerprint,
                                 cpuFrequenciesKHz: model.cpuFrequenciesKHz, gpuFrequenciesKHz: model.gpuFrequenciesKHz,
                                 file: policyPath)
        let evaluator = Evaluator(scenario: scenario, model: model, seed: 2026, cpuFloorKHz: cpuFloorKHz)
        var rows = [try evaluator.run(PolicyController { try runtime.decide(observation: $0) }).metrics]
        for baseline in baselines { rows.append(try evaluator.run(baseline, cpuFloorKHz: cpuFloorKHz).metrics) }
        if printTable {
            print("\(scenario.name):")
            print("  controller        energy J  vs policy  miss %   p99 ms   top-1 %")
            let policyEnergy = rows[0].energyJ
            for row in rows {
                print("  " + row.name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %8.2f  %+8.1f%%  %6.2f  %7.1f  %7.2f", row.energyJ,
                             (row.energyJ / policyEnergy - 1) * 100, row.missRate * 100, row.latencyP99Ms,
                             row.meanTop1Percent))
            }
        }
        return ["scenario": scenario.name, "controllers": rows.map { row -> [String: Any] in
            ["name": row.name, "energy_j": row.energyJ, "energy_per_frame_mj": row.energyPerFrameMJ,
             "latency_p50_ms": row.latencyP50Ms, "latency_p99_ms": row.latencyP99Ms, "miss_rate": row.missRate,
             "mean_top1": row.meanTop1Percent]
        }]
    }
}
