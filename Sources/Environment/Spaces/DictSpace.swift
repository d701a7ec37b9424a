/// An ordered mapping of named sub-spaces (gymnasium/spaces/dict.py). Elements are `[String: SpaceValue]` and must
/// have exactly the space's keys. Named `DictSpace` so it does not shadow Swift's `Dictionary` shorthand.
public struct DictSpace: Space, Equatable {
    public let entries: [(key: String, space: AnySpace)]

    public init(_ entries: [(key: String, space: AnySpace)]) {
        precondition(!entries.isEmpty, "DictSpace: needs at least one entry")
        precondition(Set(entries.map(\.key)).count == entries.count, "DictSpace: duplicate keys")
        self.entries = entries
    }

    public func contains(_ value: [String: SpaceValue]) -> Bool {
        guard value.count == entries.count else { return false }
        return entries.allSatisfy { entry in value[entry.key].map { entry.space.contains($0) } ?? false }
    }

    /// Each sub-space in key order, from the same generator.
    public func sample(using generator: inout Xoshiro256StarStar) -> [String: SpaceValue] {
        var value: [String: SpaceValue] = [:]
        for entry in entries { value[entry.key] = entry.space.sample(using: &generator) }
        return value
    }

    public var flatdim: Int { entries.reduce(0) { $0 + $1.space.flatdim } }

    /// Sub-spaces flattened in key order and concatenated.
    public func flatten(_ value: [String: SpaceValue]) -> [Float] {
        entries.flatMap { entry in value[entry.key].map { entry.space.flatten($0) } ?? [] }
    }

    public func isEquivalent(_ a: [String: SpaceValue], _ b: [String: SpaceValue]) -> Bool {
        guard a.count == b.count else { return false }
        return entries.allSatisfy { entry in
            guard let x = a[entry.key], let y = b[entry.key] else { return false }
            return entry.space.isEquivalent(x, y)
        }
    }

    public var description: String {
        "Dict(" + entries.map { "\($0.key): \($0.space)" }.joined(separator: ", ") + ")"
    }

    public static func == (lhs: DictSpace, rhs: DictSpace) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.space == $1.space }
    }
}

/// A sub-space of a `DictSpace`.
public indirect enum AnySpace: Sendable, Equatable, CustomStringConvertible {
    case box(Box)
    case discrete(Discrete)
    case multiDiscrete(MultiDiscrete)
    case dict(DictSpace)

    public func contains(_ value: SpaceValue) -> Bool {
        switch (self, value) {
        case let (.box(space), .vector(x)): return space.contains(x)
        case let (.discrete(space), .discrete(x)): return space.contains(x)
        case let (.multiDiscrete(space), .multiDiscrete(x)): return space.contains(x)
        case let (.dict(space), .dict(x)): return space.contains(x)
        default: return false
        }
    }

    public func sample(using generator: inout Xoshiro256StarStar) -> SpaceValue {
        switch self {
        case .box(let space): return .vector(space.sample(using: &generator))
        case .discrete(let space): return .discrete(space.sample(using: &generator))
        case .multiDiscrete(let space): return .multiDiscrete(space.sample(using: &generator))
        case .dict(let space): return .dict(space.sample(using: &generator))
        }
    }

    public var flatdim: Int {
        switch self {
        case .box(let space): return space.flatdim
        case .discrete(let space): return space.flatdim
        case .multiDiscrete(let space): return space.flatdim
        case .dict(let space): return space.flatdim
        }
    }

    public func flatten(_ value: SpaceValue) -> [Float] {
        switch (self, value) {
        case let (.box(space), .vector(x)): return space.flatten(x)
        case let (.discrete(space), .discrete(x)): return space.flatten(x)
        case let (.multiDiscrete(space), .multiDiscrete(x)): return space.flatten(x)
        case let (.dict(space), .dict(x)): return space.flatten(x)
        default: return Array(repeating: 0, count: flatdim)
        }
    }

    public func isEquivalent(_ a: SpaceValue, _ b: SpaceValue) -> Bool {
        switch (self, a, b) {
        case let (.box(space), .vector(x), .vector(y)): return space.isEquivalent(x, y)
        case let (.discrete(space), .discrete(x), .discrete(y)): return space.isEquivalent(x, y)
        case let (.multiDiscrete(space), .multiDiscrete(x), .multiDiscrete(y)): return space.isEquivalent(x, y)
        case let (.dict(space), .dict(x), .dict(y)): return space.isEquivalent(x, y)
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .box(let space): return space.description
        case .discrete(let space): return space.description
        case .multiDiscrete(let space): return space.description
        case .dict(let space): return space.description
        }
    }
}

/// An element of an `AnySpace`.
public indirect enum SpaceValue: Sendable, Equatable {
    case vector([Float])
    case discrete(Int)
    case multiDiscrete([Int])
    case dict([String: SpaceValue])
}
