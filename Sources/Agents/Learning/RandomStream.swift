import Environment

/// The agents' seedable random stream: the environments' xoshiro256** generator (`Xoshiro256StarStar`), one stream
/// per purpose, with its state exposed as four `UInt64` so a checkpoint can store it and a resumed run draws exactly
/// the numbers the uninterrupted run would have drawn.
///
/// One stream per purpose (exploration, minibatch sampling, initialisation) keeps runs reproducible when one part
/// changes how many numbers it draws. Derive them with `RandomStream(seed: seed, stream: k)`; stream 0 is the
/// environment's generator for the same seed.
public struct RandomStream: RandomNumberGenerator, Codable, Equatable, Sendable {
    /// Spreads stream numbers across SplitMix64's seed space (an odd constant from SplitMix64's own mixing family).
    private static let streamSpacing: UInt64 = 0xD1B5_4A32_D192_ED03

    private var generator: Xoshiro256StarStar

    /// The 256-bit state, as stored in checkpoints.
    public var state: [UInt64] { generator.stateWords }

    /// The stream numbered `stream` of the run seeded with `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        generator = Xoshiro256StarStar(seed: seed &+ stream &* Self.streamSpacing)
    }

    /// A stream restored from a checkpointed state; `nil` unless it holds four words, not all zero.
    public init?(state: [UInt64]) {
        guard let restored = Xoshiro256StarStar(stateWords: state) else { return nil }
        generator = restored
    }

    private enum CodingKeys: String, CodingKey { case state }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard let restored = RandomStream(state: words) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "a random stream state is four words, not all zero")
        }
        self = restored
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    @inline(__always)
    public mutating func next() -> UInt64 { generator.next() }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection). `bound` must be > 0.
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int { generator.nextInt(below: bound) }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func nextFloat() -> Float { generator.nextFloat() }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextDouble() -> Double { generator.nextDouble() }

    /// An index drawn from the categorical distribution with unnormalised probabilities `weights` (non-negative).
    public mutating func nextCategorical(_ weights: UnsafeBufferPointer<Float>) -> Int {
        var total: Float = 0
        for weight in weights { total += weight }
        var threshold = nextFloat() * total
        for index in weights.indices {
            threshold -= weights[index]
            if threshold < 0 { return index }
        }
        return weights.count - 1
    }
}
