import Environment

/// What a batch handle points at: `count` `RuntimeEnv` copies over one shared frame model, stepped together with
/// Gymnasium 1.x's NEXT_STEP autoreset (as `Environment.VectorEnv`): when copy `i` ends at step t, step t returns the
/// final observation and flags; at step t + 1 copy `i` is reset instead of stepped (its action is ignored; reward 0,
/// both flags false, the reset's observation and info).
///
/// Unlike `VectorEnv`'s buffer path it also writes each copy's info row, and it reads actions as `Int32`.
final class BatchEnv {
    let envs: [RuntimeEnv]
    var count: Int { envs.count }
    let observationCount: Int
    let actionCount: Int
    private let defaultSeed: UInt64
    private var seeded = false
    private var started = false
    private var needsAutoreset: [Bool]
    private let action: UnsafeMutableBufferPointer<Int>

    init(envs: [RuntimeEnv], defaultSeed: UInt64) {
        self.envs = envs
        self.defaultSeed = defaultSeed
        observationCount = envs[0].observationCount
        actionCount = envs[0].actionSpace.count
        needsAutoreset = Array(repeating: false, count: envs.count)
        action = .allocate(capacity: actionCount)
        action.initialize(repeating: 0)
    }

    deinit { action.deallocate() }

    /// Resets every copy. `seeds` (one per copy) seeds copy `i` with `seeds[i]`; nil continues each copy's generator,
    /// except before the first seeding, when copy `i` gets the options' seed + i (Gymnasium's rule).
    func reset(seeds: UnsafePointer<UInt64>?, observations: UnsafeMutablePointer<Float>,
               infos: UnsafeMutablePointer<Double>?) throws {
        for (i, env) in envs.enumerated() {
            let seed: UInt64? = seeds.map { $0[i] } ?? (seeded ? nil : defaultSeed &+ UInt64(i))
            let slot = UnsafeMutableBufferPointer(start: observations + i * observationCount, count: observationCount)
            let info = try env.reset(seed: seed, options: [:], into: slot)
            if let infos { InfoLayout.write(info, into: infos + i * InfoLayout.count) }
        }
        if seeds != nil || !seeded { seeded = true }
        started = true
        for i in 0..<count { needsAutoreset[i] = false }
    }

    /// One step of every copy; `actions` holds `count` rows of `actionCount` indices, checked by `ActionCheck`.
    func step(_ actions: UnsafePointer<Int32>, observations: UnsafeMutablePointer<Float>,
              rewards: UnsafeMutablePointer<Double>, terminations: UnsafeMutablePointer<UInt8>,
              truncations: UnsafeMutablePointer<UInt8>, infos: UnsafeMutablePointer<Double>?) throws(StepRefusal) {
        guard started else { throw .resetNeeded }
        for (i, env) in envs.enumerated() {
            let slot = UnsafeMutableBufferPointer(start: observations + i * observationCount, count: observationCount)
            do {
                if needsAutoreset[i] {
                    let info = try env.reset(seed: nil, options: [:], into: slot)
                    rewards[i] = 0
                    terminations[i] = 0
                    truncations[i] = 0
                    needsAutoreset[i] = false
                    if let infos { InfoLayout.write(info, into: infos + i * InfoLayout.count) }
                } else {
                    let row = actions + i * actionCount
                    for k in 0..<actionCount { action[k] = Int(row[k]) }
                    let outcome = try env.step(UnsafeBufferPointer(action), into: slot)
                    rewards[i] = outcome.reward
                    terminations[i] = outcome.terminated ? 1 : 0
                    truncations[i] = outcome.truncated ? 1 : 0
                    needsAutoreset[i] = outcome.terminated || outcome.truncated
                    if let infos { InfoLayout.write(outcome.info, into: infos + i * InfoLayout.count) }
                }
            } catch {
                throw .failed("copy \(i): \(error)")
            }
        }
    }
}
