/// Refuses `step` before the first `reset` (gymnasium.wrappers.OrderEnforcing, which raises `ResetNeeded`), and,
/// stricter than Gymnasium, after an episode ended without a new `reset` and after `close()`.
public final class OrderEnforcing<Inner: Env>: Env {
    public let inner: Inner
    private var needsReset = true
    private var isClosed = false

    public init(_ inner: Inner) { self.inner = inner }

    public var observationSpace: Inner.ObservationSpace { inner.observationSpace }
    public var actionSpace: Inner.ActionSpace { inner.actionSpace }
    public var rng: Xoshiro256StarStar { inner.rng }
    /// Whether `reset` has been called since construction (Gymnasium's `has_reset`).
    public private(set) var hasReset = false

    public func reset(seed: UInt64?, options: ResetOptions) throws -> (observation: Inner.Observation, info: Inner.Info) {
        if isClosed { throw EnvError.closed }
        let result = try inner.reset(seed: seed, options: options)
        hasReset = true
        needsReset = false
        return result
    }

    public func step(_ action: Inner.Action) throws -> StepResult<Inner.Observation, Inner.Info> {
        try checkOrder()
        let result = try inner.step(action)
        needsReset = result.isDone
        return result
    }

    public func close() throws {
        if isClosed { return }
        isClosed = true
        try inner.close()
    }

    private func checkOrder() throws {
        if isClosed { throw EnvError.closed }
        if !hasReset { throw EnvError.resetNeeded }
        if needsReset { throw EnvError.episodeEnded }
    }
}

extension OrderEnforcing: FlatEnv where Inner: FlatEnv {
    public var observationCount: Int { inner.observationCount }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> Inner.Info
    {
        if isClosed { throw EnvError.closed }
        let info = try inner.reset(seed: seed, options: options, into: observation)
        hasReset = true
        needsReset = false
        return info
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Inner.Info>
    {
        try checkOrder()
        let outcome = try inner.step(action, into: observation)
        needsReset = outcome.terminated || outcome.truncated
        return outcome
    }
}
