import Environment
import Foundation
import HDF5
import Platform
import Policy
import PolicyWriter
import Testing
import TestSupport

@Suite("tandem evaluate --policy")
struct PolicyEvaluationTests {
    /// A two-state Q-table policy: without a GPU co-runner (as the observation reports it) the largest published net
    /// (level 5, nets_6[5]) at the highest OPPs, with one the smallest (level 0) at the highest OPPs.
    static func writePolicy(to path: String, dropFastestGPU: Bool = false) throws {
        let nvec = [13, 25, 15]
        var edges = [[Float]](repeating: [], count: ObservationLayout.count)
        edges[ObservationLayout.coRunnerGPUUtilization] = [0.25]
        let scoreCount = nvec.reduce(0, +)
        var values = [Float](repeating: 0, count: 2 * scoreCount)
        for (state, level) in [(0, 5), (1, 0)] {
            values[state * scoreCount + level] = 1
            values[state * scoreCount + nvec[0] + 24] = 1
            values[state * scoreCount + nvec[0] + nvec[1] + 14] = 1
        }
        let platform = try PlatformCatalog.xavierNX()
        let policy = PolicyFile(
            observationNames: ObservationLayout.names, normalization: .identity(count: ObservationLayout.count),
            actions: ActionTables(dimensionNames: ["subnet", "cpu_opp", "gpu_opp"], nvec: nvec,
                                  cpuFrequenciesKHz: platform.cpu.clusters[0].frequenciesKHz,
                                  gpuFrequenciesKHz: (platform.gpu?.frequenciesKHz ?? []).map { dropFastestGPU && $0 > 1_100_000 ? 1_300_000 : $0 }),
            model: .qTable(discretization: ObservationDiscretization(edges: edges), values: values),
            platform: PlatformIdentity(name: platform.name, fingerprint: platform.fingerprint),
            provenance: PolicyProvenance(scenario: "hand-written", seed: 0, steps: 0, agent: "q", tandemVersion: "test",
                                         date: "2026-11-25"))
        try policy.write(to: path)
    }

    @Test("the policy runs as `policy` and acts on the co-runner it observes")
    func policyRuns() throws {
        let directory = try TemporaryDirectory()
        let policyPath = directory.file("p.h5").path
        let out = directory.file("r.h5").path
        try Self.writePolicy(to: policyPath)
        let result = try Executables.run("tandem", ["evaluate", "--platform", "xavier-nx", "--scenario",
                                                    EvaluateCommandTests.scenario, "--policy", policyPath,
                                                    "--baselines", "oracle", "--out", out, "--json"]
                                         + EvaluateCommandTests.libraryArguments())
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let names = (object["controllers"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["policy", "oracle"])
        let file = try HDF5File.open(out)
        defer { try? file.close() }
        let group = try file.root.group("policy")
        let times = try group.readDoubles("t")
        let levels = try group.read("level", as: Int64.self).values
        // The co-runner arrives at 2.5 s; the observation reports it from the frame after the first one under it.
        for (t, level) in zip(times, levels) where t < 2.5 { #expect(level == 5) }
        let firstUnder = try #require(times.firstIndex { $0 >= 2.5 })
        for index in (firstUnder + 1)..<levels.count { #expect(levels[index] == 0) }
    }

    @Test("a policy trained for other OPP tables, or a missing policy file, is refused naming the file")
    func mismatch() throws {
        let directory = try TemporaryDirectory()
        let policyPath = directory.file("other-board.h5").path
        try Self.writePolicy(to: policyPath, dropFastestGPU: true)
        let result = try Executables.run("tandem", ["evaluate", "--platform", "xavier-nx", "--scenario",
                                                    EvaluateCommandTests.scenario, "--policy", policyPath,
                                                    "--baselines", "oracle"] + EvaluateCommandTests.libraryArguments())
        #expect(result.status == 1)
        #expect(result.stderr.contains("other-board.h5") && result.stderr.contains("GPU OPP 14"), "\(result.stderr)")
        let missing = try Executables.run("tandem", ["evaluate", "--platform", "xavier-nx", "--scenario",
                                                     EvaluateCommandTests.scenario, "--policy", directory.file("none.h5").path]
                                          + EvaluateCommandTests.libraryArguments())
        #expect(missing.status == 1 && missing.stderr.contains("none.h5"))
    }
}
