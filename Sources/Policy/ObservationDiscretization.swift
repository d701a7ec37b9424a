/// The grid a tabular policy sees: feature `f` falls in bin `b` = the number of `edges[f]` that are ≤ x, and the
/// state is the mixed-radix number of the bins (feature 0 most significant). A feature with no edges has one bin
/// and does not affect the state. Works on raw (unnormalised) observations.
public struct ObservationDiscretization: Equatable, Sendable, Codable {
    /// Sorted bin edges per feature.
    public let edges: [[Float]]

    public init(edges: [[Float]]) { self.edges = edges }

    /// Number of bins per feature.
    public var binCounts: [Int] { edges.map { $0.count + 1 } }
    /// Number of distinct states.
    public var stateCount: Int { binCounts.reduce(1, *) }

    /// `nil` when usable, else what is wrong.
    public func problem() -> String? {
        for (feature, list) in edges.enumerated() {
            if list.contains(where: { !$0.isFinite }) { return "edges of feature \(feature) are not finite" }
            if zip(list, list.dropFirst()).contains(where: { $0 >= $1 }) {
                return "edges of feature \(feature) are not strictly increasing"
            }
        }
        let count = edges.reduce(1.0) { $0 * Double($1.count + 1) }
        if count > 16_777_216 { return "the grid has \(count) states (limit 16,777,216)" }
        return nil
    }

    /// The state index of `observation` (`edges.count` floats). Allocates nothing. NaN falls in bin 0: callers
    /// that must refuse NaN check first (`PolicyRuntime` does).
    @inline(__always)
    public func state(of observation: UnsafePointer<Float>) -> Int {
        var state = 0
        for feature in 0..<edges.count {
            let list = edges[feature]
            var bin = 0
            while bin < list.count && list[bin] <= observation[feature] { bin += 1 }
            state = state * (list.count + 1) + bin
        }
        return state
    }

    public func state(of observation: [Float]) -> Int {
        precondition(observation.count == edges.count, "ObservationDiscretization: \(observation.count) features, expected \(edges.count)")
        return observation.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { state(of: $0) } ?? 0 }
    }
}
