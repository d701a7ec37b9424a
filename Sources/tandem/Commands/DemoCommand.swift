import Agents
import ArgumentParsing
import Environment
import Evaluation
import Foundation
import OFA
import Platform
import Policy
import PolicyWriter

/// `tandem demo`: the main job, on the simulated Jetson Xavier NX (no board needed). Trains a policy on the GPU
/// training scenarios (or, with `--quick`, loads the shipped one), exports it as a policy file, evaluates it through
/// `PolicyRuntime` (as `tandemd` runs it) on the held-out GPU scenarios next to performance, ondemand, schedutil,
/// the Dynamic-OFA runtime manager and the oracle, prints the comparison and writes the results file.
enum DemoCommand: Command {
    /// Files the repository ships (resolved from the current folder, else from the repository holding the binary).
    static let shippedLibrary = "Policies/library.h5"
    /// The shipped policy `--quick` evaluates, per inference device (Policies/README.md).
    static let shippedPolicies: [Scenario.Device: String] = [.gpu: "Policies/xavier-nx-gpu-mix.h5",
                                                             .cpu: "Policies/cpu-background.h5"]
    static let scenarioFolder = "Experiments/scenarios"
    static let platformName = "xavier-nx"
    /// The training budget of the full demo, the shipped GPU policy's: 60k steps of the model-based agent took 46 s
    /// on the quiet 2-core development VM and 71–92 s while other builds ran, inside the three-minute budget (README,
    /// section demo).
    static let defaultSteps = 60_000
    /// The shipped policy's settings (Policies/regenerate.sh), so a trained and a shipped policy are comparable.
    static let agent = "model"
    static let accuracyWeight = 0.05
    static let missRate = 0.01
    static let gamma = 0.0
    static let hiddenSizes = [64, 64]
    /// Each training scenario gets the same expected number of frames (`EnvironmentMix.frameBalancedWeights`).
    static let balanceFrames = true
    static let defaultBaselines = ["performance", "ondemand", "schedutil", "dynamic-ofa", "oracle"]

    static let spec = CommandSpec(
        name: "demo",
        abstract: "Main job on the simulated Jetson Xavier NX: train a policy, export it, evaluate it on held-out scenarios.",
        discussion: """
            Trains a policy (the model-based agent: a learned world model and planner distilled into an MLP, constrained to \(Int(missRate * 100))% misses) on the training scenarios of \
            \(scenarioFolder)/train for the inference device (--device) for --steps steps, writes it as a policy file, \
            then runs it through PolicyRuntime on every held-out scenario of \(scenarioFolder)/eval for that device \
            next to the baselines (default \(defaultBaselines.joined(separator: ", ")); any of `tandem evaluate`'s), \
            each from the same seed. Prints the pooled table (energy, energy per frame, latency p50/p99, miss rate, \
            mean top-1, energy saved vs schedutil and vs dynamic-ofa) and one line per scenario, and writes the \
            results (format tandem.demo) to --out. --quick skips training and evaluates the shipped \
            policy (\(shippedPolicies[.gpu] ?? "") for GPU, \(shippedPolicies[.cpu] ?? "") for CPU). Every number comes from the simulator's calibrated model, not a board.
            """,
        options: [
            .flag("quick", "Load the shipped policy instead of training."),
            .value("device", "gpu|cpu", "Where inference runs (picks the scenarios).", default: "gpu"),
            .value("out", "R.h5", "Where to write the results.", default: "results.h5"),
            .value("seed", "K", "Seed of the training run and of the evaluation's latency noise.", default: "1"),
            .value("steps", "N", "Training budget in environment steps.", default: String(defaultSteps)),
            .value("library", "L.h5", "The sub-network library the policy indexes.", default: shippedLibrary),
            .value("policy", "P.h5", "With --quick: the policy to evaluate (default: the shipped one for --device)."),
            .value("baselines", "LIST", "Comma-separated baselines to compare with.",
                   default: defaultBaselines.joined(separator: ",")),
            .value("policy-out", "P.h5", "Where to export the trained policy (default: OUT with -policy.h5)."),
            .value("scenarios", "DIR", "The scenario folder (train/ and eval/).", default: scenarioFolder),
        ])

    struct LibraryMismatch: Error, CustomStringConvertible {
        let policy: String
        let library: String
        var description: String {
            "\(policy): the policy indexes another sub-network library than \(library) (its level configurations differ); "
                + "pass the library it was trained with (--library)"
        }
    }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let start = ContinuousClock.now
        let quick = arguments.flag("quick")
        let seedValue = try arguments.int("seed") ?? 1
        guard seedValue >= 0 else { throw UsageError.invalidValue(option: "seed", value: String(seedValue), expected: "an integer ≥ 0") }
        let seed = UInt64(seedValue)
        let steps = try arguments.int("steps") ?? defaultSteps
        guard steps > 0 else { throw UsageError.invalidValue(option: "steps", value: String(steps), expected: "a positive integer") }
        let out = arguments.string("out") ?? "results.h5"
        let policyOut = arguments.string("policy-out") ?? (out.hasSuffix(".h5") ? String(out.dropLast(3)) : out) + "-policy.h5"

        guard let device = Scenario.Device(rawValue: try arguments.choice("device", in: ["gpu", "cpu"]) ?? "gpu") else {
            throw UsageError.invalidValue(option: "device", value: arguments.string("device") ?? "", expected: "gpu or cpu")
        }
        let baselines = try parseBaselines(arguments.list("baselines") ?? defaultBaselines)
        let libraryURL = try ProjectFiles.locate(arguments.string("library") ?? shippedLibrary)
        let scenarios = try DemoScenarios.load(folder: try ProjectFiles.locate(arguments.string("scenarios") ?? scenarioFolder),
                                               platform: platformName, device: device)
        let setup = try TrainingSetup.load(platformName: platformName, scenarioPaths: scenarios.trainingPaths,
                                           libraryPath: libraryURL.path, tables: nil)
        print("tandem demo: simulated Jetson Xavier NX (no board needed); every number below is from the simulator's "
              + "calibrated model, not a measurement on a board.")
        print("library \(libraryURL.path): \(setup.library.levels.count) sub-network levels; \(device.rawValue.uppercased()) inference.")

        // 1. The policy: trained here, or the shipped one.
        let policyPath: String
        var options = AgentOptions(kind: agent, steps: steps, seed: seed, constrained: true, missRate: missRate,
                                   accuracyWeight: accuracyWeight)
        options.gamma = gamma
        options.coupledHead = true
        options.hiddenSizes = hiddenSizes
        options.balanceFrames = balanceFrames
        // Every controller, the policy included, lives under the board's nvpmodel CPU floor (a fair fight).
        options.cpuFloorKHz = setup.governorCPUFloorKHz
        if quick {
            policyPath = try ProjectFiles.locate(arguments.string("policy") ?? shippedPolicies[device] ?? "").path
            print("policy: shipped \(policyPath) (--quick, no training)")
            fflush(nil)  // the header before the progress on standard error
        } else {
            print("training \(options.label) for \(steps) steps on \(scenarios.trainingPaths.count) training scenarios "
                  + "(\(setup.scenarioName)), seed \(seed)")
            fflush(nil)  // the header before the progress on standard error
            let trainStart = ContinuousClock.now
            let agentState = try setup.makeAgent(options)
            _ = try TrainCommand.train(agentState, steps: steps, every: nil, checkpointPath: "", log: MetricsLog(),
                                       logPath: nil, setup: setup, options: options)
            try setup.policyFile(agent: agentState, options: options).write(to: policyOut)
            policyPath = policyOut
            print(String(format: "exported the policy to %@ (%.1f s of training)", policyOut,
                         TrainingProgress.seconds(since: trainStart)))
        }
        let runtime = try PolicyRuntime(path: policyPath)
        guard runtime.policy.actions.libraryConfigs == setup.actionTables(headGroups: nil).libraryConfigs else {
            throw LibraryMismatch(policy: policyPath, library: libraryURL.path)
        }

        // 2. The held-out scenarios: the policy (through PolicyRuntime) and each baseline from the same seed.
        let comparison = try evaluate(runtime: runtime, policyPath: policyPath, scenarios: scenarios.heldOut,
                                      baselines: baselines, setup: setup, seed: seed)
        let pooled = comparison.pooled
        print("")
        print("held-out \(device.rawValue.uppercased()) scenarios (\(comparison.scenarios.count), \(pooled.first?.frames ?? 0) frames per controller), "
              + "pooled; simulated Xavier NX, seed \(seed):")
        print(DemoTable.pooled(pooled))
        print("")
        print(DemoTable.perScenario(comparison))

        // 3. The results file.
        let provenance = runtime.policy.provenance
        try DemoResultsFile.write(to: out, comparison: comparison, provenance: DemoResultsFile.Provenance(
            platform: platformName, device: device.rawValue, seed: seed, policyPath: policyPath,
            policySource: quick ? "shipped" : "trained", agent: provenance.agent, trainingSteps: provenance.steps,
            trainingScenarios: provenance.scenario.split(separator: "+").map(String.init)))
        print("")
        print(String(format: "wrote %@ (format tandem.demo; simulator numbers) in %.1f s", out,
                     TrainingProgress.seconds(since: start)))
        return 0
    }

    /// Runs every controller on every held-out scenario; progress on standard error.
    static func parseBaselines(_ names: [String]) throws -> [Baseline] {
        let baselines = try names.map { name -> Baseline in
            guard let baseline = Baseline(name: name), name != "policy" else {
                throw UsageError.invalidValue(option: "baselines", value: name, expected: Baseline.allNames.joined(separator: ", "))
            }
            return baseline
        }
        guard !baselines.isEmpty, Set(names).count == names.count else {
            throw UsageError.invalidValue(option: "baselines", value: names.joined(separator: ","),
                                          expected: "at least one baseline, each once")
        }
        return baselines
    }

    static func evaluate(runtime: PolicyRuntime, policyPath: String, scenarios: [Scenario], baselines: [Baseline],
                         setup: TrainingSetup, seed: UInt64) throws -> DemoComparison {
        let progress = DemoProgress(total: scenarios.count * (baselines.count + 1), unit: "episodes")
        var done = 0
        var results: [DemoComparison.ScenarioResult] = []
        for scenario in scenarios {
            let model = try SimulatedBoard.model(platform: setup.platform, library: setup.library, device: scenario.device)
            try runtime.policy.check(platformName: setup.platform.name, fingerprint: setup.platform.fingerprint,
                                     cpuFrequenciesKHz: model.cpuFrequenciesKHz, gpuFrequenciesKHz: model.gpuFrequenciesKHz,
                                     file: policyPath)
            let evaluator = Evaluator(scenario: scenario, model: model, seed: seed, cpuFloorKHz: setup.governorCPUFloorKHz)
            var records = [try evaluator.run(PolicyController { try runtime.decide(observation: $0) })]
            done += 1
            progress.update(done)
            for baseline in baselines {
                records.append(try evaluator.run(baseline, cpuFloorKHz: setup.governorCPUFloorKHz, earlier: records))
                done += 1
                progress.update(done)
            }
            results.append(DemoComparison.ScenarioResult(name: scenario.name, records: records))
            progress.note(done, scenario.name)
        }
        progress.finish()
        return DemoComparison(controllers: ["policy"] + baselines.map(\.description), scenarios: results)
    }
}
