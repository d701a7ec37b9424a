import Environment

/// What a single-environment handle points at: one `RuntimeEnv` plus the episode bookkeeping the C ABI enforces
/// (reset before step, no step after the episode ended), and a scratch buffer for the action in `Int`s.
final class SingleEnv {
    let env: RuntimeEnv
    private let defaultSeed: UInt64
    private var seeded = false
    private var started = false
    private var done = false
    private let action: UnsafeMutableBufferPointer<Int>

    init(env: RuntimeEnv, defaultSeed: UInt64) {
        self.env = env
        self.defaultSeed = defaultSeed
        action = .allocate(capacity: env.actionSpace.count)
        action.initialize(repeating: 0)
    }

    deinit { action.deallocate() }

    /// Resets; without a seed the environment's generator continues, except before the first seeding, when the
    /// options' seed is used.
    func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Float>) throws -> FrameInfo {
        let effective = seed ?? (seeded ? nil : defaultSeed)
        let info = try env.reset(seed: effective, options: [:], into: observation)
        if effective != nil { seeded = true }
        started = true
        done = false
        return info
    }

    /// Steps with `rawAction` (already checked against the action space by `ActionCheck`).
    func step(_ rawAction: UnsafePointer<Int32>, observation: UnsafeMutableBufferPointer<Float>) throws(StepRefusal)
        -> StepOutcome<FrameInfo>
    {
        guard started else { throw .resetNeeded }
        guard !done else { throw .episodeEnded }
        for i in 0..<action.count { action[i] = Int(rawAction[i]) }
        let outcome: StepOutcome<FrameInfo>
        do { outcome = try env.step(UnsafeBufferPointer(action), into: observation) } catch {
            throw .failed(String(describing: error))
        }
        done = outcome.terminated || outcome.truncated
        return outcome
    }
}

/// Why a step was refused.
enum StepRefusal: Error {
    case resetNeeded
    case episodeEnded
    case failed(String)
}
