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

extension BatchEnv {
    /// Steps every copy `steps` times with uniformly random actions drawn in Swift (the same NEXT_STEP loop as
    /// `step`, without info rows) and returns the elapsed seconds: the native baseline the Python benchmark compares
    /// its batched stepping against. Resets first with seeds `seed + i`.
    func runRandom(steps: Int, seed: UInt64) throws -> Double {
        let observations = UnsafeMutablePointer<Float>.allocate(capacity: count * observationCount)
        let actions = UnsafeMutablePointer<Int32>.allocate(capacity: count * actionCount)
        let rewards = UnsafeMutablePointer<Double>.allocate(capacity: count)
        let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * count)
        defer {
            observations.deallocate()
            actions.deallocate()
            rewards.deallocate()
            flags.deallocate()
        }
        let seeds = (0..<count).map { seed &+ UInt64($0) }
        try seeds.withUnsafeBufferPointer { try reset(seeds: $0.baseAddress, observations: observations, infos: nil) }
        let nvec = envs[0].actionSpace.nvec
        var generator = Xoshiro256StarStar(seed: seed)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<steps {
            for i in 0..<count {
                for k in 0..<actionCount { actions[i * actionCount + k] = Int32(generator.nextInt(below: nvec[k])) }
            }
            try step(actions, observations: observations, rewards: rewards, terminations: flags,
                     truncations: flags + count, infos: nil)
        }
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
