/// The integers `start ..< start + n` (gymnasium/spaces/discrete.py). Samples uniformly.
public struct Discrete: Space, Equatable {
    public let n: Int
    public let start: Int

    /// `n` must be positive (a programmer error otherwise: it traps).
    public init(_ n: Int, start: Int = 0) {
        precondition(n > 0, "Discrete: n must be positive")
        self.n = n
        self.start = start
    }

    public func contains(_ value: Int) -> Bool { value >= start && value < start + n }
    public func sample(using generator: inout Xoshiro256StarStar) -> Int { start + generator.nextInt(below: n) }
    public var flatdim: Int { n }

    /// One-hot of length `n`.
    public func flatten(_ value: Int) -> [Float] {
        var oneHot = [Float](repeating: 0, count: n)
        if contains(value) { oneHot[value - start] = 1 }
        return oneHot
    }

    public func isEquivalent(_ a: Int, _ b: Int) -> Bool { a == b }
    public var description: String { start == 0 ? "Discrete(\(n))" : "Discrete(\(n), start: \(start))" }
}
