import Foundation
import Testing
import TestSupport
@testable import OFA
@testable import OFAEngine

/// The cross-language test vectors (spec section 9.1): the synthetic-weight generator's self-checks and the
/// PyTorch logits of 8 sub-networks, which the engine must reproduce to 1e-4.
struct SyntheticVectorTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let width_mult: Double
            let name: String
            let ks: [Int]
            let e: [Int]
            let d: [Int]
            let r: Int
            let logits_float64: [Double]
        }
        let cases: [Case]
        let tensor_ordinals: [String: [TensorOrdinal]]
        let generator_checks: [String: [Double]]
    }

    /// `[key, ordinal, shape]` as the fixture stores it.
    struct TensorOrdinal: Decodable {
        let key: String
        let ordinal: Int
        let shape: [Int]
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            key = try container.decode(String.self)
            ordinal = try container.decode(Int.self)
            shape = try container.decode([Int].self)
        }
    }

    static func fixture() throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: SharedData.data("data/ofa-test-vectors/synthetic.json"))
    }

    @Test func stateDictOrderMatchesFixture() throws {
        let fixture = try Self.fixture()
        for width in SupernetWidth.allCases {
            let expected = try #require(fixture.tensor_ordinals["w\(width.rawValue)"])
            let entries = SupernetStateDict(.of(width)).entries
            #expect(entries.map(\.key) == expected.map(\.key))
            #expect(entries.map(\.ordinal) == expected.map(\.ordinal))
            #expect(entries.map(\.shape) == expected.map(\.shape))
        }
    }

    @Test func stateDictMatchesKeyFileInBothNamings() throws {
        let keys = try JSONSerialization.jsonObject(with: SharedData.data("data/ofa-state-dict-keys.json")) as? [String: Any]
        for width in SupernetWidth.allCases {
            let old = try #require(keys?["w\(width.rawValue)_old"] as? [String: [Int]])
            let new = try #require(keys?["w\(width.rawValue)_new"] as? [String: [Int]])
            let entries = SupernetStateDict(.of(width)).entries
            #expect(Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.shape) }) == old)
            #expect(Dictionary(uniqueKeysWithValues: entries.map { (SupernetStateDict.newStyleKey($0.key), $0.shape) }) == new)
            #expect(new.keys.allSatisfy { old[SupernetStateDict.canonicalKey($0)] != nil })
        }
    }

    @Test func generatorSelfChecks() throws {
        let checks = try Self.fixture().generator_checks
        let u0 = (0..<4).map { SyntheticWeights.uniform(tensor: 0, element: $0) }
        #expect(u0 == checks["splitmix_uniform(t=0, first 4)"])
        let u7 = (0..<4).map { SyntheticWeights.uniform(tensor: 7, element: $0) }
        #expect(u7 == checks["splitmix_uniform(t=7, first 4)"])
        let weights = SupernetWeights.synthetic(.w1_0)
        #expect(weights.values("first_conv.conv.weight")?.prefix(4).map(Double.init) == checks["w1.0 first_conv.conv.weight flat[0:4]"])
        #expect(weights.values("first_conv.bn.running_var")?.prefix(4).map(Double.init) == checks["w1.0 first_conv.bn.running_var flat[0:4]"])
        #expect(SyntheticWeights.image(resolution: 160).prefix(4).map(Double.init) == checks["image(r=160) flat[0:4]"])
    }

    @Test(arguments: SupernetWidth.allCases)
    func logitsMatchPyTorch(width: SupernetWidth) throws {
        let fixture = try Self.fixture()
        let engine = try SupernetEngine(weights: .synthetic(width))
        let cases = fixture.cases.filter { SupernetWidth(multiplier: $0.width_mult) == width }
        #expect(cases.count == 4)
        for testCase in cases {
            let config = try SubnetConfig(ks: testCase.ks, e: testCase.e, d: testCase.d, r: testCase.r)
            try engine.activate(config)
            let logits = try engine.infer(SyntheticWeights.image(resolution: config.r), shape: [1, 3, config.r, config.r])
            let error = zip(logits, testCase.logits_float64).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(error <= 1e-4, "\(width) \(testCase.name): max |Δlogit| = \(error)")
            print("\(width) \(testCase.name): max |Δlogit| = \(error)")
        }
    }
}
