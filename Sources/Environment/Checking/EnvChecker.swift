/// Checks an environment against the contract, mirroring gymnasium.utils.env_checker.check_env (§1.5 of the
/// conventions) and the passive checker's value checks. Returns every failure found (empty = passes); never throws:
/// an error thrown by the environment becomes a failure.
///
/// In order: reset returns an observation in the space; reset with the same seed twice gives equivalent observations
/// and identical generator states; a different seed gives a different generator state; an unseeded reset after a
/// seeded one is reproducible; `reset(options: [:])` works; a sampled action is in the action space; stepping after a
/// seeded reset with the same action is deterministic (observation, reward, terminated, info, generator) and
/// `truncated` is false after one step; observations stay in their space and rewards finite over a short random
/// rollout; `close()` twice does not throw. (Swift's types already guarantee that the flags are `Bool` and that
/// reset/step return the right tuple shapes, which Gymnasium must check at run time.)
public enum EnvChecker {
    /// One problem found.
    public struct Failure: Equatable, Sendable, CustomStringConvertible {
        public enum Check: String, Sendable {
            case resetObservationInSpace, resetSeedDeterminism, resetSeedChangesState, unseededResetDeterminism
            case resetOptions, actionSample, stepDeterminism, truncatedAfterOneStep, stepObservationInSpace
            case finiteReward, doubleClose, thrownError
        }

        public let check: Check
        public let detail: String

        public var description: String { "\(check.rawValue): \(detail)" }
    }

    /// Runs all checks on `env` (which ends up closed). `rolloutSteps` random steps check observations and rewards.
    /// `nondeterministic` is Gymnasium's `spec.nondeterministic`: for environments that measure the real world (the
    /// live backend), observations, rewards and infos are not compared across seeded runs; generator states still are.
    public static func check<E: Env>(_ env: E, seed: UInt64 = 123, rolloutSteps: Int = 200,
                                     nondeterministic: Bool = false) -> [Failure] {
        var failures: [Failure] = []
        func fail(_ check: Failure.Check, _ detail: String) { failures.append(Failure(check: check, detail: detail)) }
        func attempt(_ what: String, _ body: () throws -> Void) {
            do { try body() } catch { fail(.thrownError, "\(what) threw: \(error)") }
        }
        let observationSpace = env.observationSpace
        let actionSpace = env.actionSpace

        attempt("reset") {
            let first = try env.reset(seed: seed, options: [:])
            if !observationSpace.contains(first.observation) {
                fail(.resetObservationInSpace, "reset(seed: \(seed)) observation \(first.observation) not in \(observationSpace)")
            }
            let stateAfterFirst = env.rng
            let second = try env.reset(seed: seed, options: [:])
            if !nondeterministic && !observationSpace.isEquivalent(first.observation, second.observation) {
                fail(.resetSeedDeterminism, "reset(seed: \(seed)) twice gave different observations")
            }
            if env.rng != stateAfterFirst {
                fail(.resetSeedDeterminism, "reset(seed: \(seed)) twice left different generator states")
            }
            _ = try env.reset(seed: seed &+ 333, options: [:])
            if env.rng == stateAfterFirst {
                fail(.resetSeedChangesState, "reset(seed: \(seed &+ 333)) left the same generator state as seed \(seed)")
            }
            _ = try env.reset(seed: seed, options: [:])
            let unseededA = try env.reset(seed: nil, options: [:])
            _ = try env.reset(seed: seed, options: [:])
            let unseededB = try env.reset(seed: nil, options: [:])
            if !nondeterministic && !observationSpace.isEquivalent(unseededA.observation, unseededB.observation) {
                fail(.unseededResetDeterminism, "unseeded reset after reset(seed: \(seed)) is not reproducible")
            }
        }
        attempt("reset(options: [:])") { _ = try env.reset(seed: nil, options: [:]) }

        var sampler = Xoshiro256StarStar(seed: seed)
        let action = actionSpace.sample(using: &sampler)
        if !actionSpace.contains(action) { fail(.actionSample, "sampled action \(action) not in \(actionSpace)") }

        attempt("step") {
            _ = try env.reset(seed: seed, options: [:])
            let a = try env.step(action)
            let stateA = env.rng
            _ = try env.reset(seed: seed, options: [:])
            let b = try env.step(action)
            if !nondeterministic {
                if !observationSpace.isEquivalent(a.observation, b.observation) {
                    fail(.stepDeterminism, "same seed and action gave different observations")
                }
                if a.reward != b.reward && !(a.reward.isNaN && b.reward.isNaN) {
                    fail(.stepDeterminism, "same seed and action gave rewards \(a.reward) and \(b.reward)")
                }
                if a.info != b.info { fail(.stepDeterminism, "same seed and action gave different infos") }
            }
            if a.terminated != b.terminated { fail(.stepDeterminism, "same seed and action gave different `terminated`") }
            if env.rng != stateA { fail(.stepDeterminism, "same seed and action advanced the generator differently") }
            if a.truncated { fail(.truncatedAfterOneStep, "truncated is true after one step from reset") }
        }

        attempt("rollout") {
            _ = try env.reset(seed: seed, options: [:])
            var reportedObservation = false
            var reportedReward = false
            for _ in 0..<rolloutSteps {
                let result = try env.step(actionSpace.sample(using: &sampler))
                if !reportedObservation && !observationSpace.contains(result.observation) {
                    fail(.stepObservationInSpace, "step observation \(result.observation) not in \(observationSpace)")
                    reportedObservation = true
                }
                if !reportedReward && !result.reward.isFinite {
                    fail(.finiteReward, "step reward is \(result.reward)")
                    reportedReward = true
                }
                if result.isDone { _ = try env.reset(seed: nil, options: [:]) }
            }
        }

        do {
            try env.close()
            try env.close()
        } catch {
            fail(.doubleClose, "close() twice threw: \(error)")
        }
        return failures
    }
}
