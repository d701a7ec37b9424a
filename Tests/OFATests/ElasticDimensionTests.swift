import Testing
@testable import OFA
@testable import OFAEngine

/// Each elastic dimension alone (kernel, expand ratio, depth, resolution), engine against the naive double-precision
/// reference written from the spec, on small resolutions.
@Suite(.serialized)
struct ElasticDimensionTests {
    static let weights10 = SupernetWeights.synthetic(.w1_0)
    /// One engine shared by the serialized tests of this suite (an engine serves one caller at a time).
    nonisolated(unsafe) static let engine10 = Result { try SupernetEngine(weights: weights10, maxResolution: 64) }
    static let reference10 = ReferenceSupernet(weights: weights10)

    func check(_ config: SubnetConfig, _ label: String) throws {
        let engine = try Self.engine10.get()
        try engine.activate(config)
        let image = SyntheticWeights.image(resolution: config.r)
        let logits = try engine.infer(image, shape: [1, 3, config.r, config.r])
        let expected = Self.reference10.logits(image: image, config: config)
        let error = zip(logits, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        let scale = expected.map(abs).max() ?? 0
        #expect(scale > 1e-3, "\(label): logits should not vanish")
        #expect(error <= 2e-5, "\(label): max |Δlogit| = \(error) (logit scale \(scale))")
    }

    static func config(ks: Int = 7, e: Int = 6, d: Int = 4, r: Int = 48) throws -> SubnetConfig {
        try SubnetConfig.uniform(kernelSize: ks, expandRatio: e, depth: d, resolution: r)
    }

    @Test(arguments: [3, 5, 7])
    func kernelSize(_ ks: Int) throws { try check(Self.config(ks: ks), "ks=\(ks)") }

    @Test(arguments: [3, 4])
    func expandRatio(_ e: Int) throws { try check(Self.config(e: e), "e=\(e)") }

    @Test(arguments: [2, 3])
    func depth(_ d: Int) throws { try check(Self.config(d: d), "d=\(d)") }

    @Test(arguments: [33, 40, 57, 64])
    func resolution(_ r: Int) throws { try check(Self.config(r: r), "r=\(r)") }

    @Test func mixedPerBlockChoices() throws {
        let config = try SubnetConfig(ks: (0..<20).map { [3, 5, 7][$0 % 3] }, e: (0..<20).map { [6, 3, 4][$0 % 3] },
                                      d: [4, 2, 3, 2, 4], r: 41)
        try check(config, "mixed")
    }

    @Test func width12AgainstReference() throws {
        let engine = try SupernetEngine(weights: .synthetic(.w1_2), maxResolution: 40)
        let config = try SubnetConfig(ks: (0..<20).map { [7, 3, 5][$0 % 3] }, e: (0..<20).map { [4, 6, 3][$0 % 3] },
                                      d: [3, 4, 2, 3, 2], r: 40)
        try engine.activate(config)
        let image = SyntheticWeights.image(resolution: 40)
        let logits = try engine.infer(image, shape: [1, 3, 40, 40])
        let expected = ReferenceSupernet(weights: .synthetic(.w1_2)).logits(image: image, config: config)
        let error = zip(logits, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(error <= 2e-5, "w1.2: max |Δlogit| = \(error)")
    }
}
