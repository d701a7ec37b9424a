/// How a raw observation becomes the network's input: `(x − mean) / std` per feature, clipped to ±`clip`.
/// The trainer estimates `mean`/`std` before learning and freezes them, and the policy file carries them, so the
/// controller feeds the network exactly what it was trained on (SB3 and Isaac Lab users learned this the hard way).
public struct ObservationNormalization: Equatable, Sendable, Codable {
    public let mean: [Float]
    public let std: [Float]
    public let clip: Float

    /// Per-feature statistics (equal lengths, every `std` positive and finite; checked by `validate`).
    public init(mean: [Float], std: [Float], clip: Float = 10) {
        self.mean = mean
        self.std = std
        self.clip = clip
    }

    /// The identity normalisation for `count` features.
    public static func identity(count: Int) -> ObservationNormalization {
        ObservationNormalization(mean: .init(repeating: 0, count: count), std: .init(repeating: 1, count: count),
                                 clip: .greatestFiniteMagnitude)
    }

    public var count: Int { mean.count }

    /// `nil` when usable, else what is wrong.
    public func problem() -> String? {
        if mean.count != std.count { return "mean has \(mean.count) entries but std has \(std.count)" }
        if let index = mean.firstIndex(where: { !$0.isFinite }) { return "mean[\(index)] is not finite" }
        if let index = std.firstIndex(where: { !($0.isFinite && $0 > 0) }) { return "std[\(index)] is not positive" }
        if !(clip > 0) { return "clip \(clip) is not positive" }
        return nil
    }

    /// Normalises `count` features from `raw` into `normalized`. Allocates nothing.
    @inline(__always)
    public func apply(_ raw: UnsafePointer<Float>, into normalized: UnsafeMutablePointer<Float>) {
        for index in 0..<mean.count {
            normalized[index] = min(max((raw[index] - mean[index]) / std[index], -clip), clip)
        }
    }

    /// The normalised copy of `raw` (allocating convenience).
    public func callAsFunction(_ raw: [Float]) -> [Float] {
        precondition(raw.count == count, "ObservationNormalization: \(raw.count) features, expected \(count)")
        var result = [Float](repeating: 0, count: count)
        raw.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { destination in
                if let s = source.baseAddress, let d = destination.baseAddress { apply(s, into: d) }
            }
        }
        return result
    }
}
