import Foundation
import HDF5
import Testing
import TestSupport
import OFA

/// `tandem infer` and `tandem bench infer` as processes.
struct InferCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/OFA/pytorch-reference-w1.0.h5").path

    @Test func inferWritesPyTorchLogits() throws {
        let folder = try TemporaryDirectory("ofa-infer")
        let reference = try HDF5File.open(Self.fixture)
        defer { try? reference.close() }
        let config = try reference.root.group("reference/2").requiredStringAttribute("config")
        let configPath = folder.file("cfg.json").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        let output = folder.file("y.h5").path
        let result = try Executables.run("tandem", ["infer", "--subnet", configPath, "--input", Self.fixture,
                                                    "--output", output, "--width", "1.0"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try HDF5File.open(output)
        defer { try? file.close() }
        let logits = try file.root.read("logits", as: Float.self)
        let expected = try reference.root.read("reference/2/logits", as: Float.self)
        #expect(logits.shape == [2, 1000])
        let error = zip(logits.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-5)
    }

    @Test func inferRejectsWrongResolutionNamingShapes() throws {
        let folder = try TemporaryDirectory("ofa-infer")
        let result = try Executables.run("tandem", ["infer", "--subnet", "min@48", "--input", Self.fixture,
                                                    "--output", folder.file("y.h5").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[2, 3, 44, 44]") && result.stderr.contains("[N, 3, 48, 48]"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("y.h5").path))
    }

    @Test func inferRejectsBadConfigNamingField() throws {
        let folder = try TemporaryDirectory("ofa-infer")
        let config = folder.file("bad.json").path
        try Data(#"{"ks":[3],"e":[3],"d":[2,2,2,2,2],"r":44}"#.utf8).write(to: URL(fileURLWithPath: config))
        let result = try Executables.run("tandem", ["infer", "--subnet", config, "--input", Self.fixture,
                                                    "--output", folder.file("y.h5").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("'ks'") && result.stderr.contains("1 entries"), "\(result.stderr)")
    }

    @Test func benchInferPrintsOneJSONObject() throws {
        let result = try Executables.run("tandem", ["bench", "infer", "--width", "1.2", "--subnet", "min@64",
                                                    "--repeat", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        for key in ["median_ms", "p90_ms", "switch_us"] {
            let value = try #require(object?[key] as? Double, "\(key) missing in \(result.stdout)")
            #expect(value > 0)
        }
        let config = try SubnetConfig.uniform(kernelSize: 3, expandRatio: 3, depth: 2, resolution: 64)
        #expect(object?["macs"] as? Int == SupernetArchitecture.w1_2.complexity(of: config).macs)
    }
}
