import ArgumentParsing
import Environment
import Evaluation
import Foundation
import OFA
import Platform
import Policy

/// `tandem evaluate`: runs the baselines (and, once wired, a policy) through the simulated `RuntimeEnv` on one
/// scenario and reports energy, latency percentiles, misses, accuracy and frequency switches.
enum EvaluateCommand: Command {
    static let defaultBaselines = "schedutil,ondemand,performance,dynamic-ofa,oracle"

    static let spec = CommandSpec(
        name: "evaluate",
        abstract: "Evaluate controllers on a scenario in the simulated RuntimeEnv (energy, latency, misses, accuracy).",
        discussion: """
            Every controller runs the same scenario from the same seed. Baselines: \
            \(Baseline.allNames.joined(separator: ", ")). A governor name runs that governor pair (schedutil with \
            nvhost_podgov, ondemand with simple_ondemand, performance with the GPU at maximum) with the largest \
            sub-network meeting the accuracy floor; NAME-static runs it with the best static sub-network for the \
            scenario; dynamic-ofa is Dynamic-OFA's runtime manager on schedutil; oracle knows the model (lower \
            bound, cheapest level meeting the floor, no misses); oracle@NAME is the cheapest model-knowing episode \
            at the mean top-1 (-0.5 point) and miss rate (+0.5 point) of controller NAME listed before it, e.g. \
            oracle@policy or oracle@dynamic-ofa. --library takes a library.h5 from `tandem search`, or Dynamic-OFA's library.json together with \
            --tables (a folder with cpu/ and gpu/ latency-table folders).
            """,
        options: [
            .value("platform", "NAME", "Platform to simulate (xavier-nx).", required: true),
            .value("scenario", "S.json", "Scenario file.", required: true),
            .value("library", "L.h5|library.json", "Sub-network library.", required: true),
            .value("policy", "P.h5", "A policy file to evaluate (reported as `policy`) next to the baselines."),
            .value("tables", "DIR", "Dynamic-OFA latency tables (cpu/, gpu/) for a library.json."),
            .value("baselines", "LIST", "Comma-separated baselines.", default: defaultBaselines),
            .value("seed", "K", "Seed of the latency noise.", default: "0"),
            .value("backend", "sim|live", "sim: the calibrated simulator; live: the OFA engine runs each frame here.",
                   default: "sim"),
            .value("weights", "W.h5", "Supernet weights for --backend live (default: synthetic weights of the library's width)."),
            .value("threads", "N", "Inference threads for --backend live.", default: "1"),
            .value("cpu-floor-khz", "KHZ", "Lowest CPU frequency every controller (governors, policy, oracle) may use (default: the board's nvpmodel floor; 0 lifts it for all)."),
            .value("out", "R.h5", "Write the results (metrics and per-frame series) as HDF5."),
            .flag("json", "Print the results as one JSON object on standard output."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let platformName = try arguments.required("platform")
        guard PlatformCatalog.builtInNames.contains(platformName) else {
            throw UsageError.invalidValue(option: "platform", value: platformName,
                                          expected: PlatformCatalog.builtInNames.joined(separator: ", "))
        }
        let platform = try PlatformCatalog.description(named: platformName)
        let scenario = try Scenario.load(from: URL(fileURLWithPath: try arguments.required("scenario")))
        guard scenario.platform == platformName else {
            throw UsageError.invalidValue(option: "scenario", value: scenario.name,
                                          expected: "a scenario for \(platformName) (it is for \(scenario.platform))")
        }
        let names = arguments.list("baselines") ?? []
        var baselines: [Baseline] = []
        for name in names {
            guard let baseline = Baseline(name: name) else {
                throw UsageError.invalidValue(option: "baselines", value: name,
                                              expected: "one of " + Baseline.allNames.joined(separator: ", "))
            }
            baselines.append(baseline)
        }
        guard !baselines.isEmpty else {
            throw UsageError.invalidValue(option: "baselines", value: "", expected: "at least one baseline")
        }
        guard let seed = UInt64(arguments.string("seed") ?? "0") else {
            throw UsageError.invalidValue(option: "seed", value: arguments.string("seed") ?? "", expected: "an integer ≥ 0")
        }
        let floor = try arguments.int("cpu-floor-khz") ?? platform.powerModes.modes.map(\.cpuMinKHz).min() ?? 0

        let library = try LibraryLoading.load(path: try arguments.required("library"), tables: arguments.string("tables"))
        let model = try SimulatedBoard.model(platform: platform, library: library, device: scenario.device)
        let evaluator = Evaluator(scenario: scenario, model: model, seed: seed, cpuFloorKHz: floor)
        let backend = try arguments.choice("backend", in: ["sim", "live"]) ?? "sim"
        var runner: SupernetFrameRunner?
        if backend == "live" {
            let weights = try arguments.string("weights").map { try SupernetWeights.load(path: $0, width: library.width) }
                ?? .synthetic(library.width)
            guard let threads = try arguments.int("threads"), threads > 0 else {
                throw UsageError.invalidValue(option: "threads", value: arguments.string("threads") ?? "", expected: "a positive integer")
            }
            runner = try SupernetFrameRunner.onThisMachine(library: library, weights: weights, threads: threads)
        }
        /// One episode of `controller`: through the evaluator (simulated) or a live environment.
        func episode(_ controller: some EvaluatedController) throws -> EpisodeRecord {
            guard let runner else { return try evaluator.run(controller) }
            let env = RuntimeEnv(scenario: scenario, model: model, reward: .standard, live: runner)
            env.cpuFloorKHz = floor
            return try Evaluator.episode(controller, in: env, seed: seed)
        }
        var records: [EpisodeRecord] = []
        if let policyPath = arguments.string("policy") {
            let runtime = try PolicyRuntime(path: policyPath)
            try runtime.policy.check(platformName: platformName, fingerprint: platform.fingerprint,
                                     cpuFrequenciesKHz: model.cpuFrequenciesKHz, gpuFrequenciesKHz: model.gpuFrequenciesKHz,
                                     file: policyPath)
            let nvec = [model.levels.count, model.cpuFrequenciesKHz.count, model.gpuFrequenciesKHz.count]
            guard runtime.nvec == nvec, runtime.observationCount == ObservationLayout.count else {
                throw PolicyMismatch(path: policyPath, policyNvec: runtime.nvec, envNvec: nvec,
                                     policyObservations: runtime.observationCount)
            }
            records.append(try episode(PolicyController { try runtime.decide(observation: $0) }))
        }
        for baseline in baselines {
            if runner != nil {
                guard let controller = baseline.liveController(cpuFloorKHz: floor) else {
                    throw UsageError.invalidValue(option: "baselines", value: baseline.description,
                                                  expected: "a baseline that runs live (NAME-static and oracle@NAME need the simulator)")
                }
                records.append(try episode(controller))
            } else {
                records.append(try evaluator.run(baseline, cpuFloorKHz: floor, earlier: records))
            }
        }
        try runner?.close()
        let metrics = records.map(\.metrics)

        if let out = arguments.string("out") {
            try ResultsFile.write(to: out, scenario: scenario.name, platform: platformName,
                                  device: scenario.device.rawValue, seed: seed,
                                  energySource: runner?.energySource.rawValue ?? "model",
                                  latencySource: runner == nil ? "model" : "clock", records: records)
        }
        if arguments.flag("json") {
            var object = EvaluationReport.jsonObject(scenario: scenario.name, metrics: metrics)
            object["backend"] = backend
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(EvaluationReport.table(scenario: scenario.name, metrics: metrics))
            if let runner {
                print("live on this machine (\(runner.capabilities)); latency measured, energy "
                      + (runner.energySource == .rails ? "from the rails" : "from the platform model"))
            } else {
                print("simulated \(platformName), \(scenario.device.rawValue) inference, \(library.levels.count) levels, "
                      + "seed \(seed); energy and latency from the calibrated model")
            }
        }
        return 0
    }
}

/// A policy whose action or observation shape does not fit the environment built from the library and platform.
struct PolicyMismatch: Error, CustomStringConvertible {
    let path: String
    let policyNvec: [Int]
    let envNvec: [Int]
    let policyObservations: Int
    var description: String {
        "policy \(path): it acts on MultiDiscrete\(policyNvec) with \(policyObservations) observations, the environment "
            + "has MultiDiscrete\(envNvec) (levels, CPU OPPs, GPU OPPs) with \(ObservationLayout.count): "
            + "evaluate it with the library it was trained on"
    }
}

/// Reads a sub-network library for the environment: `library.h5` from `tandem search`, or Dynamic-OFA's
/// `library.json` with a folder of its latency tables (one sub-folder per device).
enum LibraryLoading {
    struct MissingTables: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "library \(path): a Dynamic-OFA library.json needs --tables DIR (a folder with cpu/ and gpu/ latency tables)"
        }
    }

    static func load(path: String, tables: String?) throws -> SubnetLibrary {
        if path.hasSuffix(".json") {
            guard let tables else { throw MissingTables(path: path) }
            let folder = URL(fileURLWithPath: tables)
            let devices = ["cpu", "gpu"].filter {
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
            }
            let loaded = try devices.map {
                try LatencyTable(dynamicOFADirectory: folder.appendingPathComponent($0), device: $0)
            }
            return try SubnetLibrary.published(json: URL(fileURLWithPath: path), tables: loaded)
        }
        return try SubnetLibrary.load(path: path)
    }
}
