/// Truncates episodes after `maxEpisodeSteps` steps (gymnasium.wrappers.TimeLimit): the step that reaches the limit
/// returns `truncated = true` (unless the inner environment already terminated or truncated it).
public final class TimeLimit<Inner: Env>: Env {
    public let inner: Inner
    public let maxEpisodeSteps: Int
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0

    public init(_ inner: Inner, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit: maxEpisodeSteps must be positive")
        self.inner = inner
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    public var observationSpace: Inner.ObservationSpace { inner.observationSpace }
    public var actionSpace: Inner.ActionSpace { inner.actionSpace }
    public var rng: Xoshiro256StarStar { inner.rng }

    public func reset(seed: UInt64?, options: ResetOptions) throws -> (observation: Inner.Observation, info: Inner.Info) {
        elapsedSteps = 0
        return try inner.reset(seed: seed, options: options)
    }

    public func step(_ action: Inner.Action) throws -> StepResult<Inner.Observation, Inner.Info> {
        var result = try inner.step(action)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { result.truncated = true }
        return result
    }

    public func close() throws { try inner.close() }
}

extension TimeLimit: FlatEnv where Inner: FlatEnv {
    public var observationCount: Int { inner.observationCount }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> Inner.Info
    {
        elapsedSteps = 0
        return try inner.reset(seed: seed, options: options, into: observation)
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Inner.Info>
    {
        var outcome = try inner.step(action, into: observation)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { outcome.truncated = true }
        return outcome
    }
}
