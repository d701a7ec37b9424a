/// A vector of independent categorical components (gymnasium/spaces/multi_discrete.py): component `i` takes values
/// `start[i] ..< start[i] + nvec[i]`. The joint action of `RuntimeEnv` (sub-network level, CPU OPP, GPU OPP).
public struct MultiDiscrete: Space, Equatable {
    public let nvec: [Int]
    public let start: [Int]

    /// Every `nvec` entry must be positive; `start` defaults to zeros (programmer errors trap).
    public init(_ nvec: [Int], start: [Int]? = nil) {
        precondition(!nvec.isEmpty && nvec.allSatisfy { $0 > 0 }, "MultiDiscrete: nvec entries must be positive")
        let start = start ?? Array(repeating: 0, count: nvec.count)
        precondition(start.count == nvec.count, "MultiDiscrete: start and nvec differ in length")
        self.nvec = nvec
        self.start = start
    }

    public var count: Int { nvec.count }

    public func contains(_ value: [Int]) -> Bool {
        guard value.count == nvec.count else { return false }
        for i in 0..<value.count where value[i] < start[i] || value[i] >= start[i] + nvec[i] { return false }
        return true
    }

    /// Buffer form of `contains`, for allocation-free paths.
    @inline(__always)
    public func contains(_ value: UnsafeBufferPointer<Int>) -> Bool {
        guard value.count == nvec.count else { return false }
        for i in 0..<value.count where value[i] < start[i] || value[i] >= start[i] + nvec[i] { return false }
        return true
    }

    /// Each component uniformly and independently.
    public func sample(using generator: inout Xoshiro256StarStar) -> [Int] {
        (0..<nvec.count).map { start[$0] + generator.nextInt(below: nvec[$0]) }
    }

    /// Concatenated one-hots; `flatdim == nvec.reduce(0, +)`.
    public var flatdim: Int { nvec.reduce(0, +) }

    public func flatten(_ value: [Int]) -> [Float] {
        var flat = [Float](repeating: 0, count: flatdim)
        var offset = 0
        for i in 0..<nvec.count {
            if i < value.count, value[i] >= start[i], value[i] < start[i] + nvec[i] { flat[offset + value[i] - start[i]] = 1 }
            offset += nvec[i]
        }
        return flat
    }

    public func isEquivalent(_ a: [Int], _ b: [Int]) -> Bool { a == b }
    public var description: String { "MultiDiscrete(\(nvec))" }
}
