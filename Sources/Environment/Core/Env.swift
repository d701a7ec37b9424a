/// The environment contract, with Gymnasium 1.x semantics (gymnasium/core.py `Env`).
///
/// - `reset(seed:options:)` starts an episode and returns the first observation and an info value. The environment
///   owns a seedable generator (`rng`) and re-creates it **only** when `seed` is not `nil`; an unseeded reset
///   continues the current stream (seed once after construction, never again).
/// - `step(_:)` advances one step. `terminated` means the MDP reached a terminal state (do not bootstrap);
///   `truncated` means the episode was cut off from outside the MDP (a time limit): bootstrapping continues.
///   Either one means the caller must `reset` before stepping again.
/// - `close()` releases resources and must be idempotent: a second call does nothing and does not throw.
///
/// The natural case for the agents is `Observation == [Float]` (a `Box`) and `Action == [Int]` (a
/// `MultiDiscrete`); see `FlatEnv` for the allocation-free form of that case.
public protocol Env: AnyObject {
    associatedtype ObservationSpace: Space
    associatedtype ActionSpace: Space
    /// Diagnostics returned by `reset` and `step`: a small value type (never a dictionary on the hot path).
    associatedtype Info: Equatable & Sendable
    typealias Observation = ObservationSpace.Element
    typealias Action = ActionSpace.Element

    var observationSpace: ObservationSpace { get }
    var actionSpace: ActionSpace { get }
    /// The environment's own generator, as it is now (the checker compares it across seeded resets).
    var rng: Xoshiro256StarStar { get }

    func reset(seed: UInt64?, options: ResetOptions) throws -> (observation: Observation, info: Info)
    func step(_ action: Action) throws -> StepResult<Observation, Info>
    func close() throws
}

extension Env {
    /// `reset(seed: seed, options: [:])`.
    public func reset(seed: UInt64? = nil) throws -> (observation: Observation, info: Info) {
        try reset(seed: seed, options: [:])
    }
}

/// Options for `reset`, as Gymnasium's `options` dict restricted to numbers (the environment documents its keys and
/// ignores keys it does not know; an empty dictionary must always work).
public typealias ResetOptions = [String: Double]

/// What `step` returns: Gymnasium's 5-tuple.
public struct StepResult<Observation, Info> {
    public var observation: Observation
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
    public var info: Info

    public init(observation: Observation, reward: Double, terminated: Bool, truncated: Bool, info: Info) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }

    /// `terminated || truncated`: the caller must reset.
    public var isDone: Bool { terminated || truncated }
}

extension StepResult: Sendable where Observation: Sendable, Info: Sendable {}
extension StepResult: Equatable where Observation: Equatable, Info: Equatable {}

/// Info for environments with nothing to report.
public struct NoInfo: Equatable, Sendable {
    public init() {}
}

/// Errors of the environment contract itself (individual environments add their own).
public enum EnvError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `step` was called before the first `reset` (Gymnasium's `ResetNeeded`, raised by `OrderEnforcing`).
    case resetNeeded
    /// `step` was called after the episode ended without a `reset` in between.
    case episodeEnded
    /// The action is not an element of the action space.
    case actionOutsideSpace(String)
    /// The environment was used after `close()`.
    case closed

    public var description: String {
        switch self {
        case .resetNeeded: return "environment: step() called before reset()"
        case .episodeEnded: return "environment: step() called after the episode ended; call reset() first"
        case .actionOutsideSpace(let detail): return "environment: action outside the action space: \(detail)"
        case .closed: return "environment: used after close()"
        }
    }
}
