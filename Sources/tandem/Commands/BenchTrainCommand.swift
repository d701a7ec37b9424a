import Agents
import ArgumentParsing
import Environment
import Evaluation
import Foundation
import Platform
import Tensor

/// `tandem bench train`: how fast an agent learns. Trains on a scenario (the paper's by default) and, every
/// `--eval-every` steps, runs the greedy policy for one evaluation episode next to schedutil with the largest
/// feasible sub-network. Reports training steps/s and the training wall time (evaluations excluded) until the policy
/// first beats schedutil: less energy, a miss rate no more than 0.5 point above, a mean top-1 no more than 0.5 point
/// below.
enum BenchTrainCommand: Command {
    static let spec = CommandSpec(
        name: "bench train",
        abstract: "Training speed: steps/s and the wall time until the policy beats schedutil.",
        options: [
            .value("platform", "NAME", "the board", default: "xavier-nx"),
            .value("scenario", "S.json", "the scenario (the paper's case is Experiments/scenarios/train/paper-gpu-corunner.json)",
                   required: true),
            .value("library", "LIB.h5|library.json", "the sub-network library (as for tandem train)", required: true),
            .value("tables", "DIR", "Dynamic-OFA latency tables (cpu/, gpu/) for a library.json"),
            .value("agent", "q|dqn|ppo|model", "the learning algorithm", default: "dqn"),
            .value("steps", "N", "the most training steps", default: "30000"),
            .value("eval-every", "N", "steps between two evaluations", default: "2000"),
            .value("seed", "K", "the run's seed", default: "1"),
            .value("accuracy-weight", "W", "reward given up per top-1 point below the best level (as tandem train)",
                   default: "1.0"),
            .flag("constrained", "Learn a Lagrange multiplier on the miss rate (as tandem train, --miss-rate 0.02)."),
            .value("threads", "N", "threads for the numeric kernels (default: Tensor's)"),
            .flag("json", "Print one JSON object: steps_per_s, seconds_to_beat_schedutil, ..."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let agentName = try arguments.choice("agent", in: ["q", "dqn", "ppo", "model"]) ?? "dqn"
        let steps = try arguments.int("steps") ?? 30000
        let evalEvery = try arguments.int("eval-every") ?? 2000
        let seed = try arguments.int("seed") ?? 1
        guard steps > 0, evalEvery > 0, seed >= 0 else {
            throw UsageError.invalidValue(option: "steps", value: "\(steps), \(evalEvery), \(seed)",
                                          expected: "positive steps and eval-every, a non-negative seed")
        }
        if let threads = try arguments.int("threads") {
            guard threads > 0 else { throw UsageError.invalidValue(option: "threads", value: String(threads), expected: "≥ 1") }
            Threading.threadCount = threads
        }
        let setup = try TrainingSetup.load(platformName: try arguments.required("platform"),
                                           scenarioPaths: [try arguments.required("scenario")],
                                           libraryPath: try arguments.required("library"), tables: arguments.string("tables"))
        let accuracyWeight = try arguments.double("accuracy-weight") ?? 1.0
        guard accuracyWeight >= 0 else {
            throw UsageError.invalidValue(option: "accuracy-weight", value: String(accuracyWeight), expected: "≥ 0")
        }
        var options = AgentOptions(kind: agentName, steps: steps, seed: UInt64(seed),
                                   constrained: arguments.flag("constrained"), missRate: 0.02,
                                   accuracyWeight: accuracyWeight)
        // The policy trains under the floor the evaluation puts every controller under.
        options.cpuFloorKHz = setup.governorCPUFloorKHz
        let agent = try setup.makeAgent(options)
        let cpuFloorKHz = setup.governorCPUFloorKHz
        let evaluator = Evaluator(scenario: setup.scenarios[0], model: setup.models[0], seed: 12345, cpuFloorKHz: cpuFloorKHz)
        let schedutil = try evaluator.run(.governor(.schedutil), cpuFloorKHz: cpuFloorKHz).metrics

        var trainingSeconds = 0.0
        var beat: (seconds: Double, steps: Int, energyJ: Double)?
        var last = schedutil
        while agent.globalStep < steps {
            let start = ContinuousClock.now
            try agent.train(until: min(steps, agent.globalStep + evalEvery), hooks: .silent)
            trainingSeconds += TrainingProgress.seconds(since: start)
            let controller = PolicyController { agent.greedyAction($0) }
            last = try evaluator.run(controller).metrics
            let better = last.energyJ < schedutil.energyJ && last.missRate <= schedutil.missRate + 0.005
                && last.meanTop1Percent >= schedutil.meanTop1Percent - 0.5
            if !arguments.flag("json") {
                print(String(format: "step %6d  %6.1f s  policy %.2f J (miss %.1f%%, top-1 %.2f)  schedutil %.2f J (miss %.1f%%, top-1 %.2f)",
                             agent.globalStep, trainingSeconds, last.energyJ, last.missRate * 100, last.meanTop1Percent,
                             schedutil.energyJ, schedutil.missRate * 100, schedutil.meanTop1Percent))
            }
            if better, beat == nil { beat = (trainingSeconds, agent.globalStep, last.energyJ) }
            if beat != nil { break }
        }
        let rate = Double(agent.globalStep) / max(trainingSeconds, 1e-9)
        if arguments.flag("json") {
            let object: [String: Any] = [
                "steps_per_s": rate, "agent": agentName, "scenario": setup.scenarioName,
                "threads": Threading.threadCount, "steps": agent.globalStep, "training_seconds": trainingSeconds,
                "seconds_to_beat_schedutil": beat.map { $0.seconds as Any } ?? NSNull(),
                "steps_to_beat_schedutil": beat.map { $0.steps as Any } ?? NSNull(),
                "schedutil_energy_j": schedutil.energyJ, "policy_energy_j": last.energyJ,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else if let beat {
            print(String(format: "%@ beat schedutil after %d steps, %.1f s of training (%.0f steps/s): %.2f J vs %.2f J",
                         agentName, beat.steps, beat.seconds, rate, beat.energyJ, schedutil.energyJ))
        } else {
            print(String(format: "%@ did not beat schedutil within %d steps (%.1f s, %.0f steps/s)",
                         agentName, agent.globalStep, trainingSeconds, rate))
        }
        return 0
    }
}
