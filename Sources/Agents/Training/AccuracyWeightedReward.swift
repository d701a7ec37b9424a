import Environment

/// Tandem's reward for learning on `RuntimeEnv`: the environment's reward (−energy, penalties for a missed target
/// and for a level below the floor) minus `weightPerPoint` for every top-1 point the frame's sub-network gives up
/// against the library's most accurate level:
///
///     r′ = r − weightPerPoint · (max_level top-1 − top-1 of the level used)
///
/// Without it a policy saves energy by running the smallest sub-network the floor allows, which is not a fair win
/// against a runtime manager that keeps the most accurate network whenever there is slack. The shift is relative to
/// a constant, so it changes what is optimal only through the accuracy trade-off.
public final class AccuracyWeightedReward<Inner: FlatEnv>: FlatEnv where Inner.Info == FrameInfo {
    public typealias Info = FrameInfo
    public let inner: Inner
    public let weightPerPoint: Double
    public let bestTop1Percent: Double

    public init(_ inner: Inner, weightPerPoint: Double, bestTop1Percent: Double) {
        self.inner = inner
        self.weightPerPoint = weightPerPoint
        self.bestTop1Percent = bestTop1Percent
    }

    public var observationSpace: Box { inner.observationSpace }
    public var actionSpace: MultiDiscrete { inner.actionSpace }
    public var observationCount: Int { inner.observationCount }
    public var rng: Xoshiro256StarStar { inner.rng }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> FrameInfo
    {
        try inner.reset(seed: seed, options: options, into: observation)
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<FrameInfo>
    {
        var outcome = try inner.step(action, into: observation)
        outcome.reward -= weightPerPoint * max(0, bestTop1Percent - outcome.info.top1Percent)
        return outcome
    }

    public func close() throws { try inner.close() }
}
