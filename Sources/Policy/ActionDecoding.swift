/// How every Tandem policy turns scores into a MultiDiscrete action: the scores are one segment per action
/// dimension (`nvec[d]` values each: Q-values of a branching head, or a categorical's logits), and the greedy action
/// takes each segment's argmax, the lowest index winning a tie. Agents and `PolicyRuntime` both call this, so their
/// choices agree exactly.
public enum ActionDecoding {
    /// Writes the per-segment argmax of `scores` (`nvec.reduce(0, +)` values) into `action` (`nvec.count`).
    @inline(__always)
    public static func argmaxPerDimension(_ scores: UnsafePointer<Float>, nvec: [Int],
                                          into action: UnsafeMutablePointer<Int>) {
        var offset = 0
        for dimension in 0..<nvec.count {
            var best = 0
            var bestScore = scores[offset]
            for index in 1..<max(1, nvec[dimension]) where scores[offset + index] > bestScore {
                best = index
                bestScore = scores[offset + index]
            }
            action[dimension] = best
            offset += nvec[dimension]
        }
    }

    /// The per-segment argmax of `scores` (allocating convenience).
    public static func argmaxPerDimension(_ scores: [Float], nvec: [Int]) -> [Int] {
        precondition(scores.count == nvec.reduce(0, +), "ActionDecoding: \(scores.count) scores for nvec \(nvec)")
        var action = [Int](repeating: 0, count: nvec.count)
        scores.withUnsafeBufferPointer { s in
            action.withUnsafeMutableBufferPointer { a in
                if let sb = s.baseAddress, let ab = a.baseAddress { argmaxPerDimension(sb, nvec: nvec, into: ab) }
            }
        }
        return action
    }
}
