import Foundation
import HDF5
import Policy
import PolicyWriter
import Tensor
import TestSupport
import Testing

/// A small hand-made policy: 3 features, a 3→4→(3+2) tanh network, the Xavier NX-like tables.
func samplePolicy(model: PolicyModel? = nil) throws -> PolicyFile {
    let w1 = try Tensor(shape: [4, 3], values: [0.5, -0.2, 0.1, 0.3, 0.8, -0.5, -0.7, 0.2, 0.4, 0.1, 0.1, 0.1])
    let b1 = try Tensor(shape: [4], values: [0, 0.1, -0.1, 0.2])
    let w2 = try Tensor(shape: [5, 4], values: (0..<20).map { Float(($0 * 7) % 11) / 10 - 0.5 })
    let b2 = try Tensor(shape: [5], values: [0.01, 0.02, 0.03, -0.01, 0])
    let layers = [try DenseLayer(weights: w1, bias: b1, activation: .tanh),
                  try DenseLayer(weights: w2, bias: b2, activation: .none)]
    return PolicyFile(
        observationNames: ["latency_target_ms", "last_latency_ms", "corunner_gpu_util"],
        normalization: ObservationNormalization(mean: [50, 40, 0.3], std: [10, 15, 0.2]),
        actions: ActionTables(dimensionNames: ["subnet", "cpu_opp", "gpu_opp"], nvec: [3, 1, 1],
                              libraryConfigs: [#"{"ks":[3],"e":[3],"d":[2],"r":160}"#, "{}", "{}"],
                              libraryTop1Percent: [71.5, 74.2, 77.9],
                              cpuFrequenciesKHz: [1_907_200], gpuFrequenciesKHz: [1_109_250]),
        model: model ?? .network(layers),
        platform: PlatformIdentity(name: "xavier-nx", fingerprint: "xavier-nx:abc123"),
        provenance: PolicyProvenance(scenario: "paper-gpu-corunner", seed: 7, steps: 1234, agent: "dqn",
                                     tandemVersion: "0.1.0", date: "2026-11-25T09:00:00Z"))
}

@Suite("Policy file: schema, round trip, refusals")
struct PolicyFileTests {
    @Test("a network policy and a Q-table policy survive write and read unchanged")
    func roundTrip() throws {
        let folder = try TemporaryDirectory()
        let network = try samplePolicy()
        try network.write(to: folder.file("net.h5").path)
        #expect(try PolicyFile.read(from: folder.file("net.h5").path) == network)

        let grid = ObservationDiscretization(edges: [[45, 55], [], [0.25, 0.5, 0.75]])
        let values = (0..<(grid.stateCount * 5)).map { Float($0 % 13) * 0.5 }
        let table = try samplePolicy(model: .qTable(discretization: grid, values: values))
        try table.write(to: folder.file("table.h5").path)
        #expect(try PolicyFile.read(from: folder.file("table.h5").path) == table)
    }

    @Test("the file carries format, version and provenance as root attributes (readable by any HDF5 tool)")
    func rootAttributes() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("p.h5").path
        try samplePolicy().write(to: path)
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        #expect(try file.root.stringAttribute("format") == "tandem.policy")
        #expect(try file.root.intAttribute("version") == 1)
        #expect(try file.root.stringAttribute("platform_fingerprint") == "xavier-nx:abc123")
        #expect(try file.root.stringAttribute("scenario") == "paper-gpu-corunner")
        #expect(try file.root.group("network").group("layer_0").stringAttribute("activation") == "tanh")
        #expect(try file.root.group("network").group("layer_1").datasetShape("weight") == [5, 4])
    }

    static func expectRefusal(_ path: String, _ matches: (PolicyFileError.Problem) -> Bool) {
        do {
            _ = try PolicyFile.read(from: path)
            Issue.record("\(path) was accepted")
        } catch {
            #expect(matches(error.problem), "\(error)")
            #expect(error.description.contains(path))
        }
    }

    @Test("a truncated file is refused with its name")
    func truncated() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("p.h5").path
        try samplePolicy().write(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: path))
        Self.expectRefusal(path) { if case .unreadable = $0 { return true } else { return false } }
    }

    @Test("a future format version, another format and a missing part are refused")
    func versionAndFormat() throws {
        let folder = try TemporaryDirectory()
        let future = folder.file("future.h5").path
        try samplePolicy().write(to: future)
        do {
            let file = try HDF5File.open(future, writable: true)
            try file.root.setAttribute("version", 2)
            try file.close()
        }
        Self.expectRefusal(future) { $0 == .unsupportedVersion(found: 2, supported: 1) }

        let other = folder.file("other.h5").path
        try HDF5File.writeAtomically(to: other) { root in try root.setAttribute("format", "tandem.library") }
        Self.expectRefusal(other) { $0 == .wrongFormat(found: "tandem.library") }

        let partial = folder.file("partial.h5").path
        try samplePolicy().write(to: partial)
        do {
            let file = try HDF5File.open(partial, writable: true)
            try file.root.group("observation").remove("std")
            try file.close()
        }
        Self.expectRefusal(partial) { if case .missing(let what) = $0 { return what.contains("std") } else { return false } }
    }

    @Test("a weight matrix whose shape does not fit the observation is refused, naming the dataset")
    func shapeMismatch() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("bad.h5").path
        try samplePolicy().write(to: path)
        do {
            let file = try HDF5File.open(path, writable: true)
            let layer = try file.root.group("network").group("layer_0")
            try layer.remove("weight")
            _ = try layer.write("weight", [Float](repeating: 0.1, count: 8), shape: [4, 2])
            try file.close()
        }
        Self.expectRefusal(path) {
            if case .shapeMismatch(let field, _, let found) = $0 { return field.contains("layer_0") && found == [4, 2] }
            return false
        }
    }

    @Test("a policy for another board is refused, naming the OPP that differs")
    func anotherBoard() throws {
        let policy = try samplePolicy()
        try policy.check(platformName: "xavier-nx", fingerprint: "xavier-nx:abc123",
                         cpuFrequenciesKHz: [1_907_200], gpuFrequenciesKHz: [1_109_250])
        do {
            try policy.check(platformName: "orin-nano", fingerprint: nil, cpuFrequenciesKHz: [1_907_200],
                             gpuFrequenciesKHz: [624_750], file: "p.h5")
            Issue.record("another board was accepted")
        } catch {
            guard case .trainedForAnotherBoard(let differences) = error.problem else {
                Issue.record("wrong refusal \(error)")
                return
            }
            #expect(differences.count == 1)
            #expect(differences[0].contains("GPU") && differences[0].contains("1109250") && differences[0].contains("624750"))
            #expect(error.description.hasPrefix("p.h5: policy was trained for another board"))
        }
        #expect(throws: PolicyFileError.self) {
            try policy.check(platformName: "xavier-nx", fingerprint: "xavier-nx:other",
                             cpuFrequenciesKHz: [1_907_200], gpuFrequenciesKHz: [1_109_250])
        }
    }
}
