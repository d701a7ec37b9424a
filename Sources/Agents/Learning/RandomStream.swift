/// The agents' seedable random stream: xoshiro256** 1.0 (Blackman & Vigna, 2018) filled from the seed by SplitMix64,
/// the same generator the environments use, with its state exposed as four `UInt64` so a checkpoint can store it
/// and a resumed run draws exactly the numbers the uninterrupted run would have drawn.
///
/// One stream per purpose (exploration, minibatch sampling, initialisation) keeps runs reproducible when one part
/// changes how many numbers it draws. Derive them with `RandomStream(seed: seed, stream: k)`.
public struct RandomStream: RandomNumberGenerator, Codable, Equatable, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The 256-bit state, as stored in checkpoints.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// The stream numbered `stream` of the run seeded with `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var splitMix = seed &+ stream &* 0xD1B5_4A32_D192_ED03
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = nextSplitMix(); s1 = nextSplitMix(); s2 = nextSplitMix(); s3 = nextSplitMix()
    }

    /// A stream restored from a checkpointed state; `nil` unless it holds four words, not all zero.
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
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
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection). `bound` must be > 0.
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

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

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
