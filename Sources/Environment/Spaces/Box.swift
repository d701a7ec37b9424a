/// A box in R^n of `Float` (gymnasium/spaces/box.py with dtype float32): per-element bounds `low[i] ≤ x[i] ≤ high[i]`,
/// either of which may be infinite. Elements are flat `[Float]` in row-major order of `shape`.
public struct Box: Space, Equatable {
    public let low: [Float]
    public let high: [Float]
    public let shape: [Int]

    /// Per-element bounds; `shape` defaults to `[low.count]`. Bounds must have equal lengths, match the shape, and
    /// satisfy `low ≤ high` (programmer errors: they trap).
    public init(low: [Float], high: [Float], shape: [Int]? = nil) {
        let shape = shape ?? [low.count]
        precondition(low.count == high.count, "Box: low and high differ in length")
        precondition(shape.reduce(1, *) == low.count, "Box: shape \(shape) does not hold \(low.count) elements")
        precondition(zip(low, high).allSatisfy { !$0.isNaN && !$1.isNaN && $0 <= $1 }, "Box: need low ≤ high")
        self.low = low
        self.high = high
        self.shape = shape
    }

    /// The same bounds for every element.
    public init(low: Float, high: Float, shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(low: Array(repeating: low, count: count), high: Array(repeating: high, count: count), shape: shape)
    }

    public var count: Int { low.count }
    public var flatdim: Int { low.count }
    public var isBounded: Bool { low.allSatisfy { $0.isFinite } && high.allSatisfy { $0.isFinite } }

    /// Right length, no NaN, and inside the bounds.
    public func contains(_ value: [Float]) -> Bool {
        guard value.count == low.count else { return false }
        for i in 0..<value.count {
            let x = value[i]
            if x.isNaN || x < low[i] || x > high[i] { return false }
        }
        return true
    }

    /// Gymnasium's rule per element: uniform on [low, high] when both are finite, low + exponential when only
    /// `low` is, high − exponential when only `high` is, and standard normal when neither is.
    public func sample(using generator: inout Xoshiro256StarStar) -> [Float] {
        (0..<low.count).map { i in
            let (lo, hi) = (low[i], high[i])
            switch (lo.isFinite, hi.isFinite) {
            case (true, true):
                return min(hi, lo + (hi - lo) * generator.nextFloat())
            case (true, false):
                return lo + Float(-_log(1 - generator.nextDouble()))
            case (false, true):
                return hi - Float(-_log(1 - generator.nextDouble()))
            case (false, false):
                return Float(generator.nextGaussian())
            }
        }
    }

    public func flatten(_ value: [Float]) -> [Float] { value }

    public func isEquivalent(_ a: [Float], _ b: [Float]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            if x == y { continue }
            if x.isNaN || y.isNaN { return false }
            if abs(x - y) > 1e-5 + 1e-5 * abs(y) { return false }
        }
        return true
    }

    public var description: String { "Box(shape: \(shape), low: \(low.min() ?? 0)…, high: \(high.max() ?? 0)…)" }
}
