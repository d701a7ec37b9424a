/// How a policy's score vector is laid out over the action dimensions: a partition of the dimensions into groups,
/// each group one score segment over the joint choices of its dimensions (the product of their `nvec`), mixed radix
/// with the group's first dimension most significant. The greedy action takes each segment's argmax (lowest index
/// wins a tie) and spells it back into the group's dimensions.
///
/// - Branching (`[[0], [1], [2]]`, the default): one segment per dimension, independent argmaxes (a branching DQN's
///   heads, a PPO actor's categoricals).
/// - Coupled, e.g. `[[0, 2], [1]]` on `RuntimeEnv`: one joint segment over (sub-network level × GPU OPP), whose
///   best combination is not the pair of separate best choices, plus an independent CPU OPP segment.
///
/// In the policy file the layout is the `/actions` attribute `head`: groups separated by `,`, dimensions of a group
/// by `*`, as indices (`"0*2,1"`). A file without the attribute is branching (every file written before it existed).
public struct ActionHeads: Equatable, Sendable, CustomStringConvertible {
    /// The groups of action dimensions, in score-segment order.
    public let groups: [[Int]]
    /// The `MultiDiscrete` nvec the groups index.
    public let nvec: [Int]
    /// Scores per group: the product of its dimensions' choices.
    public let segmentSizes: [Int]

    /// The layout, or nil when `groups` is not a partition of `0..<nvec.count` (every dimension in exactly one group).
    public init?(groups: [[Int]], nvec: [Int]) {
        let flat = groups.flatMap { $0 }
        guard !groups.contains(where: \.isEmpty), flat.sorted() == Array(nvec.indices) else { return nil }
        self.groups = groups
        self.nvec = nvec
        segmentSizes = groups.map { $0.reduce(1) { $0 * nvec[$1] } }
    }

    /// One segment per dimension.
    public static func branching(nvec: [Int]) -> ActionHeads {
        // A partition by construction.
        ActionHeads(groups: nvec.indices.map { [$0] }, nvec: nvec)!
    }

    public var isBranching: Bool { groups.allSatisfy { $0.count == 1 } && groups.map { $0[0] } == Array(nvec.indices) }
    /// Total scores the model outputs.
    public var scoreCount: Int { segmentSizes.reduce(0, +) }

    /// The file spelling: `"0*2,1"`.
    public var description: String { groups.map { $0.map(String.init).joined(separator: "*") }.joined(separator: ",") }

    /// Parses the file spelling for `nvec`; nil when malformed or not a partition.
    public init?(parsing text: String, nvec: [Int]) {
        var groups: [[Int]] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            var group: [Int] = []
            for item in part.split(separator: "*", omittingEmptySubsequences: false) {
                guard let index = Int(String(item)), nvec.indices.contains(index) else {
                    return nil
                }
                group.append(index)
            }
            groups.append(group)
        }
        self.init(groups: groups, nvec: nvec)
    }

    /// The index inside group `g`'s segment of `action`'s choices for that group's dimensions.
    @inline(__always)
    public func segmentIndex(of action: UnsafePointer<Int>, group g: Int) -> Int {
        var index = 0
        for d in groups[g] { index = index * nvec[d] + action[d] }
        return index
    }

    /// Writes the greedy action of `scores` (`scoreCount` values) into `action` (`nvec.count`). Allocates nothing.
    @inline(__always)
    public func greedy(_ scores: UnsafePointer<Float>, into action: UnsafeMutablePointer<Int>) {
        var offset = 0
        for g in groups.indices {
            let size = segmentSizes[g]
            var best = 0
            var bestScore = scores[offset]
            for index in 1..<max(1, size) where scores[offset + index] > bestScore {
                best = index
                bestScore = scores[offset + index]
            }
            // Spell the joint index back, last dimension least significant.
            var rest = best
            for d in groups[g].reversed() {
                action[d] = rest % nvec[d]
                rest /= nvec[d]
            }
            offset += size
        }
    }

    /// The greedy action of `scores` (allocating convenience).
    public func greedy(_ scores: [Float]) -> [Int] {
        precondition(scores.count == scoreCount, "ActionHeads: \(scores.count) scores for layout \(self) of \(nvec)")
        var action = [Int](repeating: 0, count: nvec.count)
        scores.withUnsafeBufferPointer { s in
            action.withUnsafeMutableBufferPointer { a in
                if let sb = s.baseAddress, let ab = a.baseAddress { greedy(sb, into: ab) }
            }
        }
        return action
    }
}
