/// The natural case for learning agents, with an allocation-free path: observations are a flat `[Float]` in a `Box`
/// of `observationCount` values, actions are `[Int]` in a `MultiDiscrete`.
///
/// The array API (`reset`/`step` of `Env`) wraps these buffer calls; hot loops (vector environments, benchmarks,
/// trainers that keep their own observation buffers) call the buffer forms directly and allocate nothing.
///
/// A conforming type names its info type with a `typealias Info = …` (Swift cannot infer it through the default
/// array API) and implements only the two buffer methods, `close()`, the spaces and `rng`.
public protocol FlatEnv: Env where ObservationSpace == Box, ActionSpace == MultiDiscrete {
    /// Number of floats in one observation (`observationSpace.flatdim`).
    var observationCount: Int { get }

    /// `reset`, writing the observation into `observation` (exactly `observationCount` floats).
    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws -> Info

    /// `step`, reading the action from `action` (one index per `MultiDiscrete` component) and writing the next
    /// observation into `observation` (exactly `observationCount` floats).
    func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<Info>
}

/// `StepResult` without the observation (it went into the caller's buffer).
public struct StepOutcome<Info: Sendable>: Sendable {
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
    public var info: Info

    public init(reward: Double, terminated: Bool, truncated: Bool, info: Info) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
}

extension StepOutcome: Equatable where Info: Equatable {}

extension FlatEnv {
    /// The array form of `reset`, over the buffer form.
    public func reset(seed: UInt64?, options: ResetOptions) throws -> (observation: [Float], info: Info) {
        var info: Info?
        let observation = try [Float](unsafeUninitializedCapacity: observationCount) { buffer, count in
            buffer.initialize(repeating: 0)
            count = buffer.count
            info = try reset(seed: seed, options: options, into: buffer)
        }
        guard let info else { throw EnvError.closed }
        return (observation, info)
    }

    /// The array form of `step`, over the buffer form. Checks the action against the action space.
    public func step(_ action: [Int]) throws -> StepResult<[Float], Info> {
        guard actionSpace.contains(action) else {
            throw EnvError.actionOutsideSpace("\(action) not in \(actionSpace)")
        }
        var outcome: StepOutcome<Info>?
        let observation = try [Float](unsafeUninitializedCapacity: observationCount) { buffer, count in
            buffer.initialize(repeating: 0)
            count = buffer.count
            outcome = try action.withUnsafeBufferPointer { try step($0, into: buffer) }
        }
        guard let outcome else { throw EnvError.closed }
        return StepResult(observation: observation, reward: outcome.reward, terminated: outcome.terminated,
                          truncated: outcome.truncated, info: outcome.info)
    }
}
