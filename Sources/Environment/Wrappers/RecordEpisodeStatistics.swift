/// Keeps each episode's return and length (gymnasium.wrappers.RecordEpisodeStatistics) and attaches them to the
/// info of the step that ends the episode (`info.episode`, Gymnasium's `info["episode"] = {"r", "l", "t"}`).
/// The last `bufferLength` episodes are kept in `returnQueue`/`lengthQueue`.
public final class RecordEpisodeStatistics<Inner: Env>: Env {
    public let inner: Inner
    public let bufferLength: Int
    public private(set) var returnQueue: [Double] = []
    public private(set) var lengthQueue: [Int] = []
    private var episodeReturn = 0.0
    private var episodeLength = 0
    private var episodeStart = ContinuousClock.now

    public init(_ inner: Inner, bufferLength: Int = 100) {
        self.inner = inner
        self.bufferLength = max(1, bufferLength)
    }

    public var observationSpace: Inner.ObservationSpace { inner.observationSpace }
    public var actionSpace: Inner.ActionSpace { inner.actionSpace }
    public var rng: Xoshiro256StarStar { inner.rng }

    public func reset(seed: UInt64?, options: ResetOptions) throws
        -> (observation: Inner.Observation, info: EpisodeInfo<Inner.Info>)
    {
        let (observation, info) = try inner.reset(seed: seed, options: options)
        startEpisode()
        return (observation, EpisodeInfo(inner: info, episode: nil))
    }

    public func step(_ action: Inner.Action) throws -> StepResult<Inner.Observation, EpisodeInfo<Inner.Info>> {
        let result = try inner.step(action)
        let episode = record(reward: result.reward, done: result.isDone)
        return StepResult(observation: result.observation, reward: result.reward, terminated: result.terminated,
                          truncated: result.truncated, info: EpisodeInfo(inner: result.info, episode: episode))
    }

    public func close() throws { try inner.close() }

    private func startEpisode() {
        episodeReturn = 0
        episodeLength = 0
        episodeStart = ContinuousClock.now
    }

    private func record(reward: Double, done: Bool) -> EpisodeStatistics? {
        episodeReturn += reward
        episodeLength += 1
        guard done else { return nil }
        let elapsed = ContinuousClock.now - episodeStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let statistics = EpisodeStatistics(episodeReturn: episodeReturn, length: episodeLength, elapsedS: seconds)
        returnQueue.append(episodeReturn)
        lengthQueue.append(episodeLength)
        if returnQueue.count > bufferLength {
            returnQueue.removeFirst()
            lengthQueue.removeFirst()
        }
        return statistics
    }
}

extension RecordEpisodeStatistics: FlatEnv where Inner: FlatEnv {
    public var observationCount: Int { inner.observationCount }

    public func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> EpisodeInfo<Inner.Info>
    {
        let info = try inner.reset(seed: seed, options: options, into: observation)
        startEpisode()
        return EpisodeInfo(inner: info, episode: nil)
    }

    public func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<EpisodeInfo<Inner.Info>>
    {
        let outcome = try inner.step(action, into: observation)
        let episode = record(reward: outcome.reward, done: outcome.terminated || outcome.truncated)
        return StepOutcome(reward: outcome.reward, terminated: outcome.terminated, truncated: outcome.truncated,
                           info: EpisodeInfo(inner: outcome.info, episode: episode))
    }
}

/// The inner environment's info plus, on the step that ends an episode, that episode's statistics.
public struct EpisodeInfo<Inner: Equatable & Sendable>: Equatable, Sendable {
    public var inner: Inner
    public var episode: EpisodeStatistics?

    public init(inner: Inner, episode: EpisodeStatistics?) {
        self.inner = inner
        self.episode = episode
    }

    /// Equal infos ignore the wall-clock `elapsedS` (it differs between identical runs).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.inner == rhs.inner && lhs.episode?.episodeReturn == rhs.episode?.episodeReturn
            && lhs.episode?.length == rhs.episode?.length
    }
}

/// One finished episode: Gymnasium's `r` (return), `l` (length) and `t` (elapsed seconds).
public struct EpisodeStatistics: Equatable, Sendable {
    public var episodeReturn: Double
    public var length: Int
    public var elapsedS: Double

    public init(episodeReturn: Double, length: Int, elapsedS: Double) {
        self.episodeReturn = episodeReturn
        self.length = length
        self.elapsedS = elapsedS
    }
}
