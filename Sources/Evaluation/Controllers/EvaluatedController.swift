import Environment

/// Anything `Evaluator` can run through a `RuntimeEnv`: a learned policy or a baseline. Every controller sees the
/// same environment, seed and frames, so their numbers are comparable.
///
/// Per episode: `begin` after the reset, then for every frame `decide` (the action for the next frame) and, after the
/// step, `observe` (what happened). A controller may read the environment's public state (`RuntimeEnv.expectedFrame`
/// etc.); only the oracle does, since it is defined as knowing the model.
public protocol EvaluatedController: AnyObject {
    /// The name in tables, JSON and results files (`policy`, `schedutil`, `oracle`, ...).
    var name: String { get }
    func begin(env: RuntimeEnv, observation: [Float]) throws
    func decide(observation: [Float], env: RuntimeEnv) throws -> [Int]
    func observe(_ info: FrameInfo, env: RuntimeEnv)
}

extension EvaluatedController {
    public func begin(env: RuntimeEnv, observation: [Float]) throws {}
    public func observe(_ info: FrameInfo, env: RuntimeEnv) {}
}

/// The levels whose top-1 meets the scenario's floor (all levels when none does: then the best one is the least bad,
/// and it is included so a controller always has a choice).
func levelsMeetingFloor(_ env: RuntimeEnv) -> [Int] {
    let floor = env.scenario.accuracyFloor
    let meeting = env.levelTop1Percent.indices.filter { env.levelTop1Percent[$0] >= floor }
    if !meeting.isEmpty { return meeting }
    let best = env.levelTop1Percent.indices.max { env.levelTop1Percent[$0] < env.levelTop1Percent[$1] } ?? 0
    return [best]
}

/// The largest (most accurate) level meeting the floor: the "fixed network" of the baselines.
func largestLevelMeetingFloor(_ env: RuntimeEnv) -> Int {
    levelsMeetingFloor(env).max { env.levelTop1Percent[$0] < env.levelTop1Percent[$1] } ?? 0
}
