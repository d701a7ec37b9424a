import Environment
import Testing

@Suite("Wrappers and VectorEnv")
struct WrapperTests {
    @Test("TimeLimit truncates exactly at the limit")
    func timeLimit() throws {
        let env = TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 3)
        _ = try env.reset(seed: 1)
        let flags = try (0..<3).map { _ in try env.step([1]).truncated }  // action 1 = stay: never terminates
        #expect(flags == [false, false, true])
    }

    @Test("OrderEnforcing refuses step before reset and after the episode ended")
    func orderEnforcing() throws {
        let env = OrderEnforcing(TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 1))
        #expect(throws: EnvError.resetNeeded) { try env.step([1]) }
        _ = try env.reset(seed: 0)
        _ = try env.step([1])
        #expect(throws: EnvError.episodeEnded) { try env.step([1]) }
        try env.close()
        try env.close()
        #expect(throws: EnvError.closed) { try env.reset(seed: 0) }
    }

    @Test("RecordEpisodeStatistics reports return and length on the final step only")
    func episodeStatistics() throws {
        let env = RecordEpisodeStatistics(TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 4))
        _ = try env.reset(seed: 2)
        var episodes: [EpisodeStatistics?] = []
        for _ in 0..<4 { episodes.append(try env.step([1]).info.episode) }
        #expect(episodes.prefix(3).allSatisfy { $0 == nil })
        let last = try #require(episodes[3])
        #expect(last.episodeReturn == -4 && last.length == 4)
        #expect(env.returnQueue == [-4] && env.lengthQueue == [4])
    }

    @Test("running mean/variance agrees with the two-pass formulas")
    func runningStatistics() {
        var g = Xoshiro256StarStar(seed: 11)
        let samples = (0..<500).map { _ in [Float(g.nextGaussian() * 3 + 2), Float(g.nextDouble())] }
        var stats = RunningMeanVariance(count: 2)
        for s in samples { stats.update(s) }
        for i in 0..<2 {
            let xs = samples.map { Double($0[i]) }
            let mean = xs.reduce(0, +) / Double(xs.count)
            let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
            // The prior (count 1e-4, mean 0, var 1) shifts the result by O(1e-4 / 500).
            #expect(abs(stats.mean[i] - mean) < 1e-5 * max(1, abs(mean)))
            #expect(abs(stats.variance[i] - variance) < 1e-5 * max(1, variance))
        }
    }

    @Test("NormalizeObservation: the array and buffer paths agree, and frozen statistics stay put")
    func normalize() throws {
        let a = NormalizeObservation(ToyWalkEnv())
        let b = NormalizeObservation(ToyWalkEnv())
        let (oa, _) = try a.reset(seed: 4)
        var ob = [Float](repeating: 0, count: 2)
        _ = try ob.withUnsafeMutableBufferPointer { try b.reset(seed: 4, options: [:], into: $0) }
        #expect(oa == ob)
        for step in 0..<20 {
            let ra = try a.step([step % 3])
            _ = try [step % 3].withUnsafeBufferPointer { action in
                try ob.withUnsafeMutableBufferPointer { try b.step(action, into: $0) }
            }
            #expect(ra.observation == ob)
            if ra.terminated { break }
        }
        a.isUpdating = false
        let frozen = a.statistics
        _ = try a.reset(seed: 5)
        #expect(a.statistics == frozen)
    }

    @Test("VectorEnv: NEXT_STEP autoreset ignores the action, returns the reset observation, reward 0, no flags")
    func vectorAutoreset() throws {
        let vector = VectorEnv(count: 2) { i in TimeLimit(ToyWalkEnv(), maxEpisodeSteps: i == 0 ? 2 : 100) }
        let (first, _) = try vector.reset(seed: 10)
        // Copy i is seeded with 10 + i, like a lone environment reset with that seed.
        let lone = ToyWalkEnv()
        #expect(first[1] == (try lone.reset(seed: 11)).observation)
        let s1 = try vector.step([[1], [1]])
        #expect(s1.truncations == [false, false])
        let s2 = try vector.step([[1], [1]])
        #expect(s2.truncations == [true, false] && s2.rewards == [-1, -1])
        #expect(vector.needsAutoreset == [true, false])
        // Reference for copy 0's autoreset: an identical env stepped the same way, then reset without a seed.
        let reference = TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 2)
        _ = try reference.reset(seed: 10)
        _ = try reference.step([1])
        _ = try reference.step([1])
        let expected = try reference.reset(seed: nil).observation
        let s3 = try vector.step([[2], [1]])
        #expect(s3.observations[0] == expected)
        #expect(s3.rewards[0] == 0 && !s3.terminations[0] && !s3.truncations[0])
        #expect(s3.rewards[1] == -1)
        #expect(vector.needsAutoreset == [false, false])
    }

    @Test("VectorEnv buffer path matches the array path")
    func vectorBuffers() throws {
        let a = VectorEnv(count: 3) { _ in TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 3) }
        let b = VectorEnv(count: 3) { _ in TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 3) }
        _ = try a.reset(seed: 0)
        var observations = [Float](repeating: 0, count: 6)
        try observations.withUnsafeMutableBufferPointer { try b.reset(seed: 0, into: $0) }
        var rewards = [Double](repeating: 0, count: 3)
        var terminations = [Bool](repeating: false, count: 3)
        var truncations = [Bool](repeating: false, count: 3)
        for t in 0..<8 {
            let actions = [[t % 3], [(t + 1) % 3], [2]]
            let ra = try a.step(actions)
            let flat = actions.flatMap { $0 }
            try flat.withUnsafeBufferPointer { act in
                try observations.withUnsafeMutableBufferPointer { obs in
                    try rewards.withUnsafeMutableBufferPointer { rew in
                        try terminations.withUnsafeMutableBufferPointer { term in
                            try truncations.withUnsafeMutableBufferPointer { trunc in
                                try b.step(act, into: obs, rewards: rew, terminations: term, truncations: trunc)
                            }
                        }
                    }
                }
            }
            #expect(ra.observations.flatMap { $0 } == observations)
            #expect(ra.rewards == rewards && ra.terminations == terminations && ra.truncations == truncations)
        }
    }
}
