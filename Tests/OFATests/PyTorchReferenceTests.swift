import Foundation
import HDF5
import Testing
import TestSupport
@testable import OFA
@testable import OFAEngine

/// Logits from the real OFA code (`ofa` on PyPI, `set_active_subnet` + forward), written by
/// `Experiments/tools/make_reference.py --synthetic-weights` into the small committed files under `Tests/Fixtures/OFA/`:
/// random normal images, batch 2, the spec's synthetic weights, several sub-networks per width.
struct PyTorchReferenceTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/OFA/\(name)").path
    }

    @Test(arguments: [("pytorch-reference-w1.0.h5", SupernetWidth.w1_0), ("pytorch-reference-w1.2.h5", .w1_2)])
    func batchLogitsMatchOFA(file: String, width: SupernetWidth) throws {
        let reference = try HDF5File.open(Self.fixture(file))
        defer { try? reference.close() }
        let input = try reference.root.read("input", as: Float.self)
        let engine = try SupernetEngine(weights: .synthetic(width), maxResolution: input.shape[3])
        let cases = try reference.root.group("reference").children()
        #expect(cases.count == 3)
        for name in cases {
            let group = try reference.root.group("reference/\(name)")
            let config = try SubnetConfig.parse(json: Data(try group.requiredStringAttribute("config").utf8), source: file)
            let expected = try group.read("logits", as: Float.self)
            try engine.activate(config)
            let logits = try engine.infer(input.values, shape: input.shape)
            #expect(expected.shape == [input.shape[0], 1000])
            let error = zip(logits, expected.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error <= 1e-5, "\(file) case \(name): max |Δlogit| = \(error)")
        }
    }
}
