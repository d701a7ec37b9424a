import Environment

/// Several environments with the same spaces behind one: every reset picks one of them uniformly at random (from
/// this wrapper's own seeded generator) and the episode runs there. Training on a mix of scenarios is what lets a
/// policy meet targets and co-runner patterns it was not trained on.
public final class EnvironmentMix<Inner: FlatEnv>: FlatEnv {
    public typealias Info = Inner.Info
    public let members: [Inner]
    public private(set) var rng = Xoshiro256StarStar(seed: 0)
    public private(set) var current = 0

    /// `members` must be non-empty and share their spaces (programmer error otherwise).
    public init(_ members: [Inner]) {
        precondition(!members.isEmpty, "EnvironmentMix: needs at least one environment")
        precondition(members.allSatisfy { $0.actionSpace == members[0].actionSpace
                        && $0.observationCount == members[0].observationCount },
                     "EnvironmentMix: the environments' spaces differ")
        self.members = members
    }

    public var observationSpace: Box { members[current].observationSpace }
    public var actionSpace: MultiDiscrete { members[current].actionSpace }
    public var observationCount: Int { members[0].observationCount }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> Inner.Info
    {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        current = rng.nextInt(below: members.count)
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
