import Environment

/// Several environments with the same spaces behind one: every reset picks one of them at random (from this
/// wrapper's own seeded generator), uniformly or in proportion to `weights`, and the episode runs there. Training on
/// a mix of scenarios is what lets a policy meet targets and co-runner patterns it was not trained on.
///
/// Picking episodes uniformly gives a long scenario most of the steps: in the Xavier NX training set the 300 s
/// thermal run has 3,000 frames against 67–120 for the others, so it took about 90% of the training frames.
/// `frameBalancedWeights` picks each member with probability proportional to 1 / its episode length, so every
/// scenario gets the same expected number of frames.
public final class EnvironmentMix<Inner: FlatEnv>: FlatEnv {
    public typealias Info = Inner.Info
    public let members: [Inner]
    public private(set) var rng = Xoshiro256StarStar(seed: 0)
    public private(set) var current = 0
    /// Cumulative pick probabilities (last = 1), or nil for uniform picks.
    private let cumulativeWeights: [Double]?

    /// `members` must be non-empty and share their spaces; `weights`, when given, one finite non-negative weight per
    /// member with a positive sum (programmer errors otherwise).
    public init(_ members: [Inner], weights: [Double]? = nil) {
        precondition(!members.isEmpty, "EnvironmentMix: needs at least one environment")
        precondition(members.allSatisfy { $0.actionSpace == members[0].actionSpace
                        && $0.observationCount == members[0].observationCount },
                     "EnvironmentMix: the environments' spaces differ")
        self.members = members
        if let weights {
            precondition(weights.count == members.count && weights.allSatisfy { $0.isFinite && $0 >= 0 },
                         "EnvironmentMix: one finite non-negative weight per member")
            let total = weights.reduce(0, +)
            precondition(total > 0, "EnvironmentMix: the weights sum to 0")
            var running = 0.0
            cumulativeWeights = weights.map { running += $0 / total; return running }
        } else {
            cumulativeWeights = nil
        }
    }

    /// Weights that give every scenario the same expected number of frames: 1 / episode length.
    public static func frameBalancedWeights(episodeFrames: [Int]) -> [Double] {
        episodeFrames.map { 1 / Double(max(1, $0)) }
    }

    public var observationSpace: Box { members[current].observationSpace }
    public var actionSpace: MultiDiscrete { members[current].actionSpace }
    public var observationCount: Int { members[0].observationCount }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> Inner.Info
    {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        if let cumulativeWeights {
            let u = rng.nextDouble()
            current = cumulativeWeights.firstIndex { u < $0 } ?? members.count - 1
        } else {
            current = rng.nextInt(below: members.count)
        }
        return try members[current].reset(seed: rng.next(), options: options, into: observation)
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Inner.Info>
    {
        try members[current].step(action, into: observation)
    }

    public func close() throws {
        for member in members { try member.close() }
    }
}
