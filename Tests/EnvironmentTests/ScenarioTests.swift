import Environment
import Foundation
import Testing
import TestSupport

@Suite("Scenarios")
struct ScenarioTests {
    static let folder = SharedData.repositoryRoot.appendingPathComponent("Experiments/scenarios")

    @Test("every shipped scenario loads; each kind has a training and a held-out file that differ in substance")
    func shipped() throws {
        let train = try Scenario.loadAll(in: Self.folder.appendingPathComponent("train"))
        let eval = try Scenario.loadAll(in: Self.folder.appendingPathComponent("eval"))
        #expect(train.count >= 6 && eval.count >= 6)
        #expect(train.allSatisfy { $0.split == .train } && eval.allSatisfy { $0.split == .eval })
        #expect(Set(train.map(\.name)).isDisjoint(with: eval.map(\.name)))
        for held in eval {
            // Its training counterpart: same device and same number of co-runner-free-ness, different substance.
            let twins = train.filter { held.name.hasPrefix($0.name) }
            let twin = try #require(twins.first, "no training scenario for \(held.name)")
            #expect(twin.device == held.device)
            #expect(twin.latencyTargetMs != held.latencyTargetMs || twin.coRunners != held.coRunners)
            #expect(twin.latencyTargetMs != held.latencyTargetMs || twin.accuracyFloor != held.accuracyFloor
                    || twin.coRunners.map(\.startS) != held.coRunners.map(\.startS) || twin.ambientC != held.ambientC)
        }
        let paper = try #require(train.first { $0.name == "paper-gpu-corunner" })
        #expect(paper.device == .gpu && paper.coRunners.first?.startS == 2.5 && paper.coRunners.first?.device == .gpu)
    }

    func problem(_ json: String) throws -> String {
        let directory = try TemporaryDirectory()
        let url = directory.file("bad.json")
        try Data(json.utf8).write(to: url)
        do {
            _ = try Scenario.load(from: url)
            return "loaded"
        } catch {
            #expect(error.path == url.path)
            #expect(error.description.contains("bad.json"))
            return error.problem.description
        }
    }

    static let good = """
    {"name": "x", "platform": "xavier-nx", "device": "gpu", "duration_s": 2, "frame_period_ms": 50,
     "latency_target_ms": [{"t": 0, "value": 50}], "accuracy_floor": 73, "co_runners": []}
    """

    @Test("bad scenario files name the file and the problem")
    func badFiles() throws {
        #expect(try problem(Self.good) == "loaded")
        #expect(try problem(Self.good.replacingOccurrences(of: "\"duration_s\": 2,", with: ""))
                == "missing field 'duration_s'")
        #expect(try problem(Self.good.replacingOccurrences(of: "\"duration_s\": 2", with: "\"duration_s\": -3"))
                .contains("duration_s"))
        let unknown = try problem(Self.good.replacingOccurrences(of: "xavier-nx", with: "pdp-11"))
        #expect(unknown.contains("platform") && unknown.contains("pdp-11"))
        #expect(try problem(Self.good.replacingOccurrences(of: "\"gpu\"", with: "\"tpu\"")).contains("device"))
        #expect(try problem("{not json").contains("not valid scenario JSON"))
        #expect(try problem(Self.good.replacingOccurrences(of: "\"co_runners\": []",
            with: "\"co_runners\": [{\"start_s\": 3, \"end_s\": 1, \"device\": \"gpu\", \"utilization\": 0.5}]"))
            .contains("co_runners[0].end_s"))
        #expect(try problem(Self.good.replacingOccurrences(of: "\"value\": 50", with: "\"value\": \"fast\""))
            .contains("latency_target_ms[0].value"))
    }
}
