import Evaluation
import Foundation
import HDF5
@testable import tandem
import Testing
import TestSupport

/// `tandem demo` end to end as a process with a tiny training budget, on a small library searched from the shared
/// Dynamic-OFA data (fails loudly without it): the table, the exported policy and the results file, checked against
/// sums recomputed from the file's own per-frame series.
@Suite("tandem demo", .serialized)
struct DemoCommandTests {
    static func library(in folder: TemporaryDirectory, levels: Int) throws -> String {
        let path = folder.file("library-\(levels).h5").path
        let result = try Executables.run("tandem", [
            "search", "--profile", try SharedData.url("data/dynamic-ofa/latency-tables").path,
            "--accuracy", try SharedData.url("data/dynamic-ofa/accuracy-predictor.json").path,
            "--levels", String(levels), "--generations", "8", "--population", "24", "--out", path])
        try #require(result.status == 0, "tandem search failed: \(result.stderr)")
        return path
    }

    /// The held-out GPU scenarios, read straight from the JSON files (not through the Environment module).
    static func heldOutGPUNames() throws -> [String] {
        let folder = SharedData.repositoryRoot.appendingPathComponent("Experiments/scenarios/eval")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            .compactMap { name in
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                return object["device"] as? String == "gpu" ? object["name"] as? String : nil
            }
    }

    static func attribute(_ holder: HDF5Group, _ name: String) throws -> Double {
        try #require(try holder.doubleAttribute(name), "missing attribute \(name)")
    }

    @Test("trains, exports, evaluates on the held-out scenarios, prints the table and writes a valid results file")
    func demoEndToEnd() throws {
        let folder = try TemporaryDirectory()
        let library = try Self.library(in: folder, levels: 4)
        let out = folder.file("results.h5").path
        let policy = folder.file("policy.h5").path
        let result = try Executables.run("tandem", ["demo", "--library", library, "--steps", "800", "--seed", "2",
                                                    "--out", out, "--policy-out", policy])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("simulator"))
        #expect(result.stdout.contains("training model:constrained for 800 steps"))
        #expect(result.stdout.contains("saved vs schedutil"))
        #expect(result.stdout.contains("saved vs dynamic-ofa"))
        #expect(FileManager.default.fileExists(atPath: policy))
        #expect(try HDF5File.open(policy).root.stringAttribute("format") == "tandem.policy")

        let file = try HDF5File.open(out)
        defer { try? file.close() }
        let root = file.root
        #expect(try root.stringAttribute("format") == "tandem.demo")
        #expect(try root.stringAttribute("policy_source") == "trained")
        #expect(try root.intAttribute("training_steps") == 800)
        let controllers = ["policy", "performance", "ondemand", "schedutil", "dynamic-ofa", "oracle"]
        #expect(try root.stringsAttribute("controllers") == controllers)
        let scenarios = try Self.heldOutGPUNames()
        #expect(!scenarios.isEmpty)
        #expect(try root.stringsAttribute("scenarios") == scenarios)

        var totals: [String: (energy: Double, frames: Int, misses: Int)] = [:]
        for scenario in scenarios {
            let group = try root.group("scenarios").group(scenario)
            for controller in controllers {
                let episode = try group.group(controller)
                let energy = try episode.readDoubles("energy_j")
                let latency = try episode.readDoubles("latency_ms")
                let target = try episode.readDoubles("target_ms")
                #expect(energy.count == latency.count && latency.count == target.count && !energy.isEmpty)
                #expect(abs(try Self.attribute(episode, "energy_j") - energy.reduce(0, +)) < 1e-9 * max(1, energy.reduce(0, +)))
                let misses = zip(latency, target).filter { $0 > $1 }.count
                #expect(abs(try Self.attribute(episode, "miss_rate") - Double(misses) / Double(latency.count)) < 1e-12)
                let previous = totals[controller] ?? (0, 0, 0)
                totals[controller] = (previous.energy + energy.reduce(0, +), previous.frames + energy.count,
                                      previous.misses + misses)
            }
        }
        let summary = try root.group("summary")
        for controller in controllers {
            let group = try summary.group(controller)
            let total = try #require(totals[controller])
            #expect(abs(try Self.attribute(group, "energy_j") - total.energy) < 1e-6 * total.energy)
            #expect(try group.intAttribute("frames") == total.frames)
            #expect(abs(try Self.attribute(group, "miss_rate") - Double(total.misses) / Double(total.frames)) < 1e-12)
            let schedutil = try #require(totals["schedutil"]).energy
            let dynamicOFA = try #require(totals["dynamic-ofa"]).energy
            #expect(abs(try Self.attribute(group, "saving_vs_schedutil_percent") - (1 - total.energy / schedutil) * 100) < 1e-6)
            #expect(abs(try Self.attribute(group, "saving_vs_dynamic_ofa_percent") - (1 - total.energy / dynamicOFA) * 100) < 1e-6)
            // The printed row shows the same total energy (one decimal).
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix(controller + " ") }
            #expect(row?.contains(String(format: " %.1f ", total.energy)) == true, "\(controller): \(row ?? "no row")")
        }

        // --quick with the exported policy evaluates the same policy: the same numbers, no training.
        let quickOut = folder.file("quick.h5").path
        let quick = try Executables.run("tandem", ["demo", "--quick", "--policy", policy, "--library", library,
                                                   "--seed", "2", "--out", quickOut, "--baselines", "schedutil,dynamic-ofa"])
        try #require(quick.status == 0, "\(quick.stderr)")
        #expect(!quick.stdout.contains("training dqn") && quick.stdout.contains("no training"))
        let quickFile = try HDF5File.open(quickOut)
        defer { try? quickFile.close() }
        #expect(try quickFile.root.stringsAttribute("controllers") == ["policy", "schedutil", "dynamic-ofa"])
        #expect(try quickFile.root.stringAttribute("policy_source") == "shipped")
        let quickPolicy = try quickFile.root.group("summary").group("policy")
        #expect(try Self.attribute(quickPolicy, "energy_j") == (try Self.attribute(try summary.group("policy"), "energy_j")))

        // A policy trained on another library is refused, naming the policy file.
        let other = try Self.library(in: folder, levels: 3)
        let mismatch = try Executables.run("tandem", ["demo", "--quick", "--policy", policy, "--library", other,
                                                      "--out", folder.file("x.h5").path])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains(policy) && mismatch.stderr.contains("another sub-network library"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("x.h5").path))
    }

    @Test("--quick evaluates the shipped policy on the shipped library, found from the binary's repository")
    func quickWithShippedPolicy() throws {
        let folder = try TemporaryDirectory()
        let out = folder.file("quick.h5").path
        let result = try Executables.run("tandem", ["demo", "--quick", "--out", out])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Policies/xavier-nx-gpu-mix.h5 (--quick, no training)"))
        #expect(result.stdout.contains("simulator"))
        for controller in ["policy", "performance", "ondemand", "schedutil", "dynamic-ofa", "oracle"] {
            #expect(result.stdout.contains("\n" + controller + " "), "no row for \(controller)")
        }
        let file = try HDF5File.open(out)
        defer { try? file.close() }
        #expect(try file.root.stringAttribute("format") == "tandem.demo")
        #expect(try file.root.stringAttribute("policy_source") == "shipped")
        #expect(try file.root.stringAttribute("policy")?.hasSuffix("Policies/xavier-nx-gpu-mix.h5") == true)
        #expect(try file.root.stringsAttribute("scenarios") == (try Self.heldOutGPUNames()))
    }

    @Test("bad arguments: usage errors exit 64, a missing library exits 1 and names the path")
    func badArguments() throws {
        let folder = try TemporaryDirectory()
        for arguments in [["--steps", "0"], ["--device", "tpu"], ["--baselines", "frobnicate"], ["--seed", "-1"],
                          ["--baselines", "schedutil,schedutil"]] {
            let result = try Executables.run("tandem", ["demo", "--library", "x.h5"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        let missing = folder.file("nope.h5").path
        let result = try Executables.run("tandem", ["demo", "--library", missing, "--out", folder.file("r.h5").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nope.h5"))
    }

    @Test("pooling concatenates the scenarios' frames: totals, linear percentiles and the miss rate by hand")
    func pooling() {
        func record(_ name: String, latency: [Double], target: Double, energy: [Double]) -> EpisodeRecord {
            var r = EpisodeRecord(controller: name)
            r.timeS = latency.indices.map(Double.init)
            r.latencyMs = latency
            r.targetMs = Array(repeating: target, count: latency.count)
            r.energyJ = energy
            r.top1Percent = Array(repeating: 75, count: latency.count)
            r.level = Array(repeating: 0, count: latency.count)
            r.cpuKHz = r.level
            r.gpuKHz = r.level
            r.powerW = energy
            r.temperatureC = energy
            r.frequencySwitches = r.level
            r.rewards = energy
            return r
        }
        let comparison = DemoComparison(controllers: ["policy", "schedutil"], scenarios: [
            .init(name: "a", records: [record("policy", latency: [10, 30], target: 20, energy: [1, 2]),
                                       record("schedutil", latency: [10, 10], target: 20, energy: [2, 2])]),
            .init(name: "b", records: [record("policy", latency: [20, 40, 50], target: 45, energy: [1, 1, 1]),
                                       record("schedutil", latency: [5, 5, 5], target: 45, energy: [2, 2, 2])]),
        ])
        let pooled = comparison.pooled
        #expect(pooled.map(\.name) == ["policy", "schedutil"])
        #expect(pooled[0].energyJ == 6 && pooled[0].frames == 5)
        // Sorted 10, 20, 30, 40, 50: p50 = 30; p99 at position 3.96 = 40 + 0.96 * 10.
        #expect(pooled[0].latencyP50Ms == 30)
        #expect(abs(pooled[0].latencyP99Ms - 49.6) < 1e-9)
        // Misses: 30 > 20 and 50 > 45.
        #expect(pooled[0].missRate == 2.0 / 5.0)
        #expect(DemoComparison.savingPercent(pooled[0], vs: "schedutil", in: pooled) == 40)
        #expect(DemoComparison.savingPercent(pooled[0], vs: "oracle", in: pooled) == nil)
    }
}
