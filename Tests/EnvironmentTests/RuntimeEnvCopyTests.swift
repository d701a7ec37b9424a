import Environment
import Platform
import Testing

@Suite("RuntimeEnv copies that share frame tables")
struct RuntimeEnvCopyTests {
    @Test("a copy sharing the tables steps exactly like a freshly built environment under the same seed")
    func copyMatchesFreshEnvironment() throws {
        let scenario = Fixtures.scenario(noise: 0.05, durationS: 20)
        let original = RuntimeEnv(scenario: scenario, model: FixtureFrameModel())
        let copy = try #require(original.copySharingTables())
        let fresh = RuntimeEnv(scenario: scenario, model: FixtureFrameModel())
        // The original is advanced first: the copy must not inherit its episode state.
        _ = try original.reset(seed: 99)
        _ = try original.step([0, 0, 0])

        var rng = Xoshiro256StarStar(seed: 5)
        let (copyStart, _) = try copy.reset(seed: 7)
        let (freshStart, _) = try fresh.reset(seed: 7)
        #expect(copyStart == freshStart)
        for _ in 0..<150 {
            let action = copy.actionSpace.sample(using: &rng)
            let a = try copy.step(action)
            let b = try fresh.step(action)
            #expect(a.observation == b.observation && a.reward == b.reward && a.info == b.info)
            #expect(a.terminated == b.terminated && a.truncated == b.truncated)
            if a.truncated { break }
        }
        #expect(EnvChecker.check(copy).isEmpty)
    }
}
