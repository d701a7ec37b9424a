/// `count` independent copies of an environment stepped together (gymnasium.vector.SyncVectorEnv), with Gymnasium
/// 1.x's default autoreset mode **NEXT_STEP**:
///
/// when copy `i` terminates or truncates at step t, step t returns that final observation, reward and flags as usual;
/// at step t + 1 copy `i` is reset instead of stepped: its action is ignored, it returns the first observation of the
/// new episode with reward 0, `terminated = false`, `truncated = false`, and the reset's info.
/// (`metadata["autoreset_mode"] = AutoresetMode.NEXT_STEP`; see https://farama.org/Vector-Autoreset-Mode.)
///
/// `reset(seed: s)` seeds copy `i` with `s + i` (Gymnasium's rule), so copies differ but the batch is reproducible.
public final class VectorEnv<E: Env> {
    public let envs: [E]
    public var count: Int { envs.count }
    /// The autoreset semantics, stated as data (always `.nextStep` here).
    public let autoresetMode = AutoresetMode.nextStep
    /// Which copies will be reset by the next `step`.
    public private(set) var needsAutoreset: [Bool]

    /// `count` copies made by `make(i)`.
    public init(count: Int, make: (Int) throws -> E) rethrows {
        precondition(count > 0, "VectorEnv: needs at least one copy")
        envs = try (0..<count).map(make)
        needsAutoreset = Array(repeating: false, count: count)
    }

    public var singleObservationSpace: E.ObservationSpace { envs[0].observationSpace }
    public var singleActionSpace: E.ActionSpace { envs[0].actionSpace }

    public func reset(seed: UInt64? = nil, options: ResetOptions = [:]) throws
        -> (observations: [E.Observation], infos: [E.Info])
    {
        var observations: [E.Observation] = []
        var infos: [E.Info] = []
        observations.reserveCapacity(count)
        infos.reserveCapacity(count)
        for (i, env) in envs.enumerated() {
            let (observation, info) = try env.reset(seed: seed.map { $0 &+ UInt64(i) }, options: options)
            observations.append(observation)
            infos.append(info)
        }
        needsAutoreset = Array(repeating: false, count: count)
        return (observations, infos)
    }

    /// One action per copy.
    public func step(_ actions: [E.Action]) throws -> VectorStepResult<E.Observation, E.Info> {
        precondition(actions.count == count, "VectorEnv: need one action per copy")
        var result = VectorStepResult<E.Observation, E.Info>(capacity: count)
        for (i, env) in envs.enumerated() {
            if needsAutoreset[i] {
                let (observation, info) = try env.reset(seed: nil, options: [:])
                result.append(observation: observation, reward: 0, terminated: false, truncated: false, info: info)
                needsAutoreset[i] = false
            } else {
                let step = try env.step(actions[i])
                result.append(observation: step.observation, reward: step.reward, terminated: step.terminated,
                              truncated: step.truncated, info: step.info)
                needsAutoreset[i] = step.isDone
            }
        }
        return result
    }

    /// Closes every copy (idempotent when the copies are).
    public func close() throws {
        for env in envs { try env.close() }
    }
}

extension VectorEnv where E: FlatEnv {
    /// Floats per copy's observation.
    public var observationCount: Int { envs[0].observationCount }

    /// Allocation-free `reset`: copy `i`'s observation goes to `observations[i * observationCount ..< (i + 1) * …]`.
    public func reset(seed: UInt64?, options: ResetOptions = [:], into observations: UnsafeMutableBufferPointer<Float>)
        throws
    {
        let width = observationCount
        precondition(observations.count == width * count, "VectorEnv: observation buffer has the wrong size")
        for (i, env) in envs.enumerated() {
            _ = try env.reset(seed: seed.map { $0 &+ UInt64(i) }, options: options,
                              into: UnsafeMutableBufferPointer(rebasing: observations[(i * width)..<((i + 1) * width)]))
        }
        needsAutoreset = Array(repeating: false, count: count)
    }

    /// Allocation-free `step` with NEXT_STEP autoreset: `actions` holds `count` rows of `singleActionSpace.count`
    /// indices; observations, rewards and flags are written per copy. Returns nothing; infos are dropped on this path.
    public func step(_ actions: UnsafeBufferPointer<Int>, into observations: UnsafeMutableBufferPointer<Float>,
                     rewards: UnsafeMutableBufferPointer<Double>, terminations: UnsafeMutableBufferPointer<Bool>,
                     truncations: UnsafeMutableBufferPointer<Bool>) throws
    {
        let width = observationCount
        let actionWidth = envs[0].actionSpace.count
        precondition(actions.count == actionWidth * count && observations.count == width * count
                     && rewards.count == count && terminations.count == count && truncations.count == count,
                     "VectorEnv: buffer sizes do not match the copies")
        for (i, env) in envs.enumerated() {
            let slot = UnsafeMutableBufferPointer(rebasing: observations[(i * width)..<((i + 1) * width)])
            if needsAutoreset[i] {
                _ = try env.reset(seed: nil, options: [:], into: slot)
                rewards[i] = 0
                terminations[i] = false
                truncations[i] = false
                needsAutoreset[i] = false
            } else {
                let action = UnsafeBufferPointer(rebasing: actions[(i * actionWidth)..<((i + 1) * actionWidth)])
                let outcome = try env.step(action, into: slot)
                rewards[i] = outcome.reward
                terminations[i] = outcome.terminated
                truncations[i] = outcome.truncated
                needsAutoreset[i] = outcome.terminated || outcome.truncated
            }
        }
    }
}

/// Gymnasium's `AutoresetMode` (gymnasium/vector/vector_env.py).
public enum AutoresetMode: String, Sendable {
    /// The step after an episode ends resets that copy (Gymnasium 1.x default; the one `VectorEnv` implements).
    case nextStep = "NextStep"
    /// The terminating step resets and returns the final observation in the info.
    case sameStep = "SameStep"
    /// The caller resets.
    case disabled = "Disabled"
}

/// A batched step: index `i` belongs to copy `i`.
public struct VectorStepResult<Observation, Info> {
    public var observations: [Observation] = []
    public var rewards: [Double] = []
    public var terminations: [Bool] = []
    public var truncations: [Bool] = []
    public var infos: [Info] = []

    init(capacity: Int) {
        observations.reserveCapacity(capacity)
        rewards.reserveCapacity(capacity)
        terminations.reserveCapacity(capacity)
        truncations.reserveCapacity(capacity)
        infos.reserveCapacity(capacity)
    }

    mutating func append(observation: Observation, reward: Double, terminated: Bool, truncated: Bool, info: Info) {
        observations.append(observation)
        rewards.append(reward)
        terminations.append(terminated)
        truncations.append(truncated)
        infos.append(info)
    }
}
