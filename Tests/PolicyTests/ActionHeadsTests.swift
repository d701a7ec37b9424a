import Policy
import Testing

@Suite("ActionHeads: score layout of branching and coupled policies")
struct ActionHeadsTests {
    /// The naive reference: enumerate every action, score it as the sum of its groups' scores, keep the first best.
    static func bruteForce(_ heads: ActionHeads, _ scores: [Float]) -> [Int] {
        var best: [Int] = []
        var bestScore = -Float.infinity
        var action = [Int](repeating: 0, count: heads.nvec.count)
        func visit(_ d: Int) {
            if d == heads.nvec.count {
                var total: Float = 0
                var offset = 0
                for (g, group) in heads.groups.enumerated() {
                    var index = 0
                    for dimension in group { index = index * heads.nvec[dimension] + action[dimension] }
                    total += scores[offset + index]
                    offset += heads.segmentSizes[g]
                }
                if total > bestScore { bestScore = total; best = action }
                return
            }
            for value in 0..<heads.nvec[d] { action[d] = value; visit(d + 1) }
        }
        visit(0)
        return best
    }

    @Test("greedy equals exhaustive search over the joint action (distinct random scores)")
    func greedyMatchesBruteForce() throws {
        let nvec = [4, 5, 3]
        var state: UInt64 = 12345
        for groups in [[[0], [1], [2]], [[0, 2], [1]], [[1, 0], [2]], [[0, 1, 2]]] {
            let heads = try #require(ActionHeads(groups: groups, nvec: nvec))
            for _ in 0..<200 {
                let scores = (0..<heads.scoreCount).map { _ -> Float in
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    return Float(state >> 40) / Float(1 << 24)
                }
                #expect(heads.greedy(scores) == Self.bruteForce(heads, scores))
            }
        }
    }

    @Test("file spelling round-trips; non-partitions and garbage are refused")
    func spelling() throws {
        let heads = try #require(ActionHeads(groups: [[0, 2], [1]], nvec: [8, 25, 15]))
        #expect(heads.description == "0*2,1")
        #expect(heads.segmentSizes == [120, 25])
        #expect(ActionHeads(parsing: "0*2,1", nvec: [8, 25, 15]) == heads)
        #expect(ActionHeads.branching(nvec: [8, 25, 15]).isBranching)
        #expect(!heads.isBranching)
        for bad in ["", "0*2", "0*2,1,1", "0*3,1", "a,b", "0,,1*2", "0**2,1"] {
            #expect(ActionHeads(parsing: bad, nvec: [8, 25, 15]) == nil, "\(bad)")
        }
    }
}
