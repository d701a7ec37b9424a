/// Normalises observations to roughly zero mean and unit variance with running statistics
/// (gymnasium.wrappers.NormalizeObservation): `(x − mean) / sqrt(var + epsilon)`, the statistics updated with each
/// observation first while `isUpdating` is true (set it false for evaluation). The observation space becomes an
/// unbounded `Box` of the same shape, as in Gymnasium. The statistics travel with a policy (`statistics`).
public final class NormalizeObservation<Inner: Env>: Env where Inner.ObservationSpace == Box {
    public let inner: Inner
    public let epsilon: Double
    /// Whether new observations update the running statistics.
    public var isUpdating = true
    public var statistics: RunningMeanVariance
    public let observationSpace: Box

    public init(_ inner: Inner, epsilon: Double = 1e-8) {
        self.inner = inner
        self.epsilon = epsilon
        statistics = RunningMeanVariance(count: inner.observationSpace.count)
        observationSpace = Box(low: -.infinity, high: .infinity, shape: inner.observationSpace.shape)
    }

    public var actionSpace: Inner.ActionSpace { inner.actionSpace }
    public var rng: Xoshiro256StarStar { inner.rng }

    public func reset(seed: UInt64?, options: ResetOptions) throws -> (observation: [Float], info: Inner.Info) {
        var (observation, info) = try inner.reset(seed: seed, options: options)
        observation.withUnsafeMutableBufferPointer { normalize($0) }
        return (observation, info)
    }

    public func step(_ action: Inner.Action) throws -> StepResult<[Float], Inner.Info> {
        var result = try inner.step(action)
        result.observation.withUnsafeMutableBufferPointer { normalize($0) }
        return result
    }

    public func close() throws { try inner.close() }

    /// Updates the statistics (when `isUpdating`) and normalises in place.
    public func normalize(_ observation: UnsafeMutableBufferPointer<Float>) {
        if isUpdating { statistics.update(UnsafeBufferPointer(observation)) }
        statistics.normalize(observation, epsilon: epsilon)
    }
}

extension NormalizeObservation: FlatEnv where Inner: FlatEnv {
    public var observationCount: Int { inner.observationCount }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> Inner.Info
    {
        let info = try inner.reset(seed: seed, options: options, into: observation)
        normalize(observation)
        return info
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Inner.Info>
    {
        let outcome = try inner.step(action, into: observation)
        normalize(observation)
        return outcome
    }
}

/// Running mean and variance per element, merged one sample at a time with Welford's update in Chan et al.'s
/// parallel form, starting like Gymnasium's `RunningMeanStd` (count = 1e-4, mean 0, variance 1) so the first
/// normalised values are finite.
public struct RunningMeanVariance: Equatable, Sendable {
    public private(set) var mean: [Double]
    public private(set) var variance: [Double]
    public private(set) var count: Double

    public init(count elements: Int) {
        mean = Array(repeating: 0, count: elements)
        variance = Array(repeating: 1, count: elements)
        count = 1e-4
    }

    /// Restores saved statistics (e.g. from a policy file).
    public init(mean: [Double], variance: [Double], count: Double) {
        precondition(mean.count == variance.count, "RunningMeanVariance: mean and variance differ in length")
        self.mean = mean
        self.variance = variance
        self.count = count
    }

    public mutating func update(_ sample: UnsafeBufferPointer<Float>) {
        let total = count + 1
        for i in 0..<min(sample.count, mean.count) {
            let delta = Double(sample[i]) - mean[i]
            mean[i] += delta / total
            variance[i] = (variance[i] * count + delta * delta * count / total) / total
        }
        count = total
    }

    public mutating func update(_ sample: [Float]) { sample.withUnsafeBufferPointer { update($0) } }

    public func normalize(_ observation: UnsafeMutableBufferPointer<Float>, epsilon: Double = 1e-8) {
        for i in 0..<min(observation.count, mean.count) {
            observation[i] = Float((Double(observation[i]) - mean[i]) / (variance[i] + epsilon).squareRoot())
        }
    }
}
