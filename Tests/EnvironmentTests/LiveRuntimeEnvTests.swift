import Environment
import OFA
import Platform
import Testing

@Suite("RuntimeEnv (live)")
struct LiveRuntimeEnvTests {
    /// Three small sub-networks of the w1.0 supernet with synthetic weights, at 64 px so a frame is quick.
    static func runner() throws -> SupernetFrameRunner {
        let configs = try [(3, 3, 2), (5, 4, 3), (7, 6, 4)].map {
            try SubnetConfig.uniform(kernelSize: $0.0, expandRatio: $0.1, depth: $0.2, resolution: 64)
        }
        let engine = try SupernetEngine(weights: .synthetic(.w1_0), maxResolution: 64, threadCount: 1)
        let counters = try? PerfCounterGroup([.instructions, .cycles, .cacheMisses, .taskClock])
        return SupernetFrameRunner(engine: engine, configs: configs, counters: counters, rails: nil)
    }

    @Test("a live episode runs real inference: latencies from the clock, energy from the model, checker passes")
    func liveEpisode() throws {
        let runner = try Self.runner()
        let env = RuntimeEnv(scenario: Fixtures.scenario(durationS: 0.6), model: FixtureFrameModel(), reward: .standard,
                             live: runner)
        var (_, info) = try env.reset(seed: 5)
        #expect(info.latencySource == .clock && info.energySource == .model)
        var latencies: [[Double]] = [[], [], []]
        var steps = 0
        while true {
            let level = steps % 3
            let result = try env.step([level, 2, 2])
            info = result.info
            #expect(info.latencyMs > 0 && info.latencyMs.isFinite)
            #expect(info.latencySource == .clock && info.energySource == .model)
            #expect(env.observationSpace.contains(result.observation))
            latencies[level].append(info.latencyMs)
            steps += 1
            if result.truncated { break }
        }
        #expect(steps == 6)
        // The largest of the three networks does several times the work of the smallest: it takes longer.
        #expect(latencies[2].min()! > latencies[0].min()!)
        print("live backend on this machine: \(runner.capabilities); latency ms per level: \(latencies)")
        try env.close()
        try env.close()
    }

    @Test("the checker passes on the live RuntimeEnv (as a nondeterministic environment)")
    func checker() throws {
        let env = RuntimeEnv(scenario: Fixtures.scenario(durationS: 0.5), model: FixtureFrameModel(), reward: .standard,
                             live: try Self.runner())
        let failures = EnvChecker.check(env, rolloutSteps: 4, nondeterministic: true)
        #expect(failures.isEmpty, "\(failures)")
    }
}
