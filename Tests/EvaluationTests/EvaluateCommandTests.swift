import Foundation
import HDF5
import Testing
import TestSupport

@Suite("tandem evaluate and tandem bench env (as processes)")
struct EvaluateCommandTests {
    static var scenario: String {
        SharedData.repositoryRoot.appendingPathComponent("Experiments/scenarios/train/paper-gpu-corunner.json").path
    }

    static func libraryArguments() throws -> [String] {
        ["--library", try SharedData.url("data/dynamic-ofa/library.json").path,
         "--tables", try SharedData.url("data/dynamic-ofa/latency-tables").path]
    }

    @Test("--json follows the contract and --out writes a tandem.results file with per-frame series")
    func jsonAndResults() throws {
        let directory = try TemporaryDirectory()
        let out = directory.file("r.h5").path
        let result = try Executables.run("tandem", ["evaluate", "--platform", "xavier-nx", "--scenario", Self.scenario,
                                                    "--baselines", "schedutil,dynamic-ofa,oracle", "--out", out,
                                                    "--json"] + Self.libraryArguments())
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "paper-gpu-corunner")
        let controllers = try #require(object["controllers"] as? [[String: Any]])
        #expect(controllers.map { $0["name"] as? String } == ["schedutil", "dynamic-ofa", "oracle"])
        for key in ["energy_j", "energy_per_frame_mj", "latency_p50_ms", "latency_p99_ms", "miss_rate", "mean_top1"] {
            #expect(controllers.allSatisfy { ($0[key] as? Double).map(\.isFinite) ?? false }, "\(key)")
        }
        let file = try HDF5File.open(out)
        defer { try? file.close() }
        #expect(try file.root.stringAttribute("format") == "tandem.results")
        let oracle = try file.root.group("oracle")
        let energy = try oracle.readDoubles("energy_j")
        #expect(energy.count == (try oracle.intAttribute("frames")))
        #expect(abs(energy.reduce(0, +) - (controllers[2]["energy_j"] as? Double ?? 0)) < 1e-9)
        for series in ["t", "latency_ms", "target_ms", "level", "cpu_khz", "gpu_khz", "power_w"] {
            #expect(try oracle.datasetShape(series) == [energy.count])
        }
    }

    @Test("bad input: a bad scenario names the file, an unknown baseline is a usage error")
    func badInput() throws {
        let directory = try TemporaryDirectory()
        let bad = directory.file("neg.json")
        try Data(#"{"name": "x", "platform": "xavier-nx", "device": "gpu", "duration_s": -1, "frame_period_ms": 50, "latency_target_ms": [{"t": 0, "value": 50}], "accuracy_floor": 73, "co_runners": []}"#.utf8).write(to: bad)
        let result = try Executables.run("tandem", ["evaluate", "--platform", "xavier-nx", "--scenario", bad.path]
                                         + Self.libraryArguments())
        #expect(result.status == 1)
        #expect(result.stderr.contains("neg.json") && result.stderr.contains("duration_s"))
        let usage = try Executables.run("tandem", ["evaluate", "--platform", "xavier-nx", "--scenario", Self.scenario,
                                                   "--baselines", "magic"] + Self.libraryArguments())
        #expect(usage.status == 64 && usage.stderr.contains("magic"))
    }

    @Test("bench env prints steps_per_s")
    func benchEnv() throws {
        let result = try Executables.run("tandem", ["bench", "env", "--json", "--steps", "20000"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rate = try #require(object["steps_per_s"] as? Double)
        #expect(rate > 1000)
    }
}
