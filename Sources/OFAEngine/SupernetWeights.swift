/// All tensors of one supernet (both namings accepted on input, stored under the old naming), validated against
/// the architecture's state dict: every key present, every shape as expected, every value finite.
/// Values are float32 in PyTorch layout ([out, in/groups, kh, kw] for convs, [out, in] for linears).
public struct SupernetWeights: Sendable {
    public let architecture: SupernetArchitecture
    /// Where the weights came from (a file path, or "synthetic"); used in error messages.
    public let source: String
    private let tensors: [String: [Float]]

    /// Validates `tensors` (keys in either naming) against `architecture`'s state dict. `num_batches_tracked`
    /// counters are optional and ignored; unknown extra keys are ignored.
    public init(architecture: SupernetArchitecture, tensors input: [String: (shape: [Int], values: [Float])],
                source: String) throws(SupernetWeightsError)
    {
        var byCanonicalKey: [String: (shape: [Int], values: [Float])] = [:]
        for (key, tensor) in input { byCanonicalKey[SupernetStateDict.canonicalKey(key)] = tensor }
        var tensors: [String: [Float]] = [:]
        for entry in SupernetStateDict(architecture).tensorEntries {
            guard let tensor = byCanonicalKey[entry.key] else {
                throw .missingKey(key: entry.key, source: source)
            }
            guard tensor.shape == entry.shape, tensor.values.count == entry.count else {
                throw .wrongShape(key: entry.key, expected: entry.shape, found: tensor.shape, source: source)
            }
            if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFinite(key: entry.key, index: bad, value: tensor.values[bad], source: source)
            }
            tensors[entry.key] = tensor.values
        }
        self.architecture = architecture
        self.source = source
        self.tensors = tensors
    }

    /// The spec's deterministic synthetic weights (section 9.1) for a width.
    public static func synthetic(_ width: SupernetWidth) -> SupernetWeights {
        let architecture = SupernetArchitecture.of(width)
        var tensors: [String: [Float]] = [:]
        for entry in SupernetStateDict(architecture).tensorEntries {
            tensors[entry.key] = SyntheticWeights.values(for: entry)
        }
        return SupernetWeights(architecture: architecture, validated: tensors, source: "synthetic w\(width.rawValue)")
    }

    private init(architecture: SupernetArchitecture, validated tensors: [String: [Float]], source: String) {
        self.architecture = architecture
        self.tensors = tensors
        self.source = source
    }

    /// The values of a tensor by its key (either naming), or nil for an unknown key.
    public func values(_ key: String) -> [Float]? {
        tensors[SupernetStateDict.canonicalKey(key)]
    }

    /// The values of a tensor the state dict guarantees (validated at construction); empty for an unknown key.
    package func required(_ key: String) -> [Float] {
        tensors[key] ?? []
    }
}

/// A weights file or tensor set that does not fit the supernet. The description names the key and the problem.
public enum SupernetWeightsError: Error, Equatable, CustomStringConvertible {
    case missingKey(key: String, source: String)
    case wrongShape(key: String, expected: [Int], found: [Int], source: String)
    case nonFinite(key: String, index: Int, value: Float, source: String)
    case unknownWidth(found: String, source: String)
    case file(path: String, problem: String)

    public var description: String {
        switch self {
        case let .missingKey(key, source):
            "\(source): supernet weights have no tensor '\(key)'"
        case let .wrongShape(key, expected, found, source):
            "\(source): tensor '\(key)' has shape \(found), expected \(expected)"
        case let .nonFinite(key, index, value, source):
            "\(source): tensor '\(key)' holds a non-finite value \(value) at flat index \(index)"
        case let .unknownWidth(found, source):
            "\(source): width multiplier '\(found)' is not one of 1.0, 1.2"
        case let .file(path, problem):
            "\(path): \(problem)"
        }
    }
}
