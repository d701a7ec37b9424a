import Environment
import Platform
import Testing

@Suite("RuntimeEnv (simulated)")
struct RuntimeEnvTests {
    @Test("the checker passes on the simulated RuntimeEnv, with and without noise and heat")
    func checkerPasses() {
        var hot = FixtureFrameModel()
        hot.thermal = ThermalParameters(resistanceKPerW: 8, timeConstantS: 1, throttleC: 40, hysteresisC: 3,
                                        throttleCPUIndex: 1, throttleGPUIndex: 1)
        for (model, noise) in [(FixtureFrameModel(), 0.0), (FixtureFrameModel(), 0.05), (hot, 0.05)] {
            let env = RuntimeEnv(scenario: Fixtures.scenario(noise: noise), model: model)
            #expect(EnvChecker.check(env).isEmpty)
        }
    }

    @Test("a frame's latency, energy and reward follow the model in closed form")
    func bookkeeping() throws {
        let model = FixtureFrameModel()
        let env = RuntimeEnv(scenario: Fixtures.scenario(), model: model)
        _ = try env.reset(seed: 1)
        let result = try env.step([1, 2, 1])  // mid level, CPU 1.5 GHz, GPU 600 MHz
        let latency = 30 * (0.3 / 1 + 0.7 / (600.0 / 900))
        let active = 2 + 1.5 + 4 * (600.0 / 900) * (600.0 / 900)
        let idle = 1.5 + 0.5 + 0.5 * 600 / 900
        let energy = (active * latency + idle * (100 - latency)) / 1000
        #expect(abs(result.info.latencyMs - latency) < 1e-9)
        #expect(abs(result.info.energyJ - energy) < 1e-12)
        #expect(result.info.cpuKHz == 1_500_000 && result.info.gpuKHz == 600_000 && result.info.level == 1)
        #expect(result.info.frequencySwitches == 1)  // GPU moved from its maximum; CPU stayed at its maximum
        // Reward: energy term plus the accuracy penalty (76 ≥ 75: none) and no miss (latency ≈ 58 < 60).
        #expect(!result.info.missed)
        #expect(abs(result.reward - (-energy * 1000 / 1000)) < 1e-12)
        let o = result.observation
        #expect(abs(Double(o[ObservationLayout.lastLatencyMs]) - latency) < 1e-4)
        #expect(abs(Double(o[ObservationLayout.lastEnergyMJ]) - energy * 1000) < 1e-3)
        #expect(o[ObservationLayout.level] == 1 && o[ObservationLayout.cpuIndex] == 2 && o[ObservationLayout.gpuIndex] == 1)
        #expect(o[ObservationLayout.levelTop1Percent] == 76)
    }

    @Test("a miss and a level below the floor are penalised as configured")
    func penalties() throws {
        let env = RuntimeEnv(scenario: Fixtures.scenario(), model: FixtureFrameModel())
        _ = try env.reset(seed: 1)
        let slow = try env.step([0, 0, 0])  // small level (73 < 75) at the lowest clocks: 20·(0.9 + 2.1) = 60 → no miss
        let latency = 20 * (0.3 * 3 + 0.7 * 3)
        #expect(abs(slow.info.latencyMs - latency) < 1e-9)
        let expected = -slow.info.energyJ - (1 + 0.2 * 2) - (latency > 60 ? 1 + (latency / 60 - 1) : 0)
        #expect(abs(slow.reward - expected) < 1e-9)
        let miss = try env.step([2, 0, 0])  // large level at the lowest clocks: 135 ms > 60
        #expect(miss.info.missed && miss.info.latencyMs > 100)
        #expect(abs(miss.reward - (-miss.info.energyJ - 1 - (miss.info.latencyMs / 60 - 1))) < 1e-9)
        // A late frame stretches the interval: the next frame starts when this one ends.
        let next = try env.step([2, 2, 2])
        #expect(abs(next.info.timeS - (0.1 + miss.info.latencyMs / 1000)) < 1e-12)
    }

    @Test("the co-runner takes effect exactly for frames starting at or after its arrival")
    func coRunnerArrival() throws {
        let scenario = Fixtures.scenario(coRunners: [.init(startS: 0.5, endS: 2, device: .gpu, utilization: 0.5)])
        let env = RuntimeEnv(scenario: scenario, model: FixtureFrameModel())
        _ = try env.reset(seed: 0)
        var rows: [(Double, Double, Float)] = []
        for _ in 0..<8 {
            let r = try env.step([2, 2, 2])
            rows.append((r.info.timeS, r.info.latencyMs, r.observation[ObservationLayout.coRunnerGPUUtilization]))
        }
        for (t, latency, _) in rows {
            #expect(abs(latency - 45 / (t < 0.5 - 1e-6 ? 1 : 0.6)) < 1e-9, "t = \(t)")
        }
        // The observation reports the load the counters saw during the frame just run.
        #expect(rows[5].2 == 0.5 && rows[4].2 == 0)
    }

    @Test("latency target steps show in the observation once their time has come; episodes have frameCount frames")
    func targetsAndLength() throws {
        let scenario = Fixtures.scenario(targets: [.init(t: 0, value: 60), .init(t: 1, value: 80)])
        let env = RuntimeEnv(scenario: scenario, model: FixtureFrameModel())
        var (observation, _) = try env.reset(seed: 0)
        #expect(observation[ObservationLayout.latencyTargetMs] == 60)
        var steps = 0
        var targets: [Float] = []
        while true {
            let r = try env.step([0, 2, 2])
            steps += 1
            targets.append(r.observation[ObservationLayout.latencyTargetMs])
            #expect(!r.terminated)
            if r.truncated { break }
            observation = r.observation
        }
        #expect(steps == scenario.frameCount && steps == 20)
        #expect(targets[8] == 60 && targets[9] == 80)  // after the 10th frame the clock reads 1.0 s
    }

    @Test("noise follows the seed and has the configured spread")
    func noise() throws {
        let env = RuntimeEnv(scenario: Fixtures.scenario(noise: 0.05, durationS: 100), model: FixtureFrameModel())
        _ = try env.reset(seed: 42)
        let a = try (0..<500).map { _ in try env.step([1, 2, 2]).info.latencyMs }
        _ = try env.reset(seed: 42)
        let b = try (0..<500).map { _ in try env.step([1, 2, 2]).info.latencyMs }
        #expect(a == b)
        let mean = a.reduce(0, +) / 500
        let sd = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 500).squareRoot()
        #expect(abs(mean - 30) < 0.3)
        #expect(abs(sd / 30 - 0.05) < 0.006)
    }

    @Test("heat builds up, throttles the clocks above the threshold and shows in the observation")
    func thermalThrottle() throws {
        var model = FixtureFrameModel()
        model.thermal = ThermalParameters(resistanceKPerW: 5, timeConstantS: 2, throttleC: 40, hysteresisC: 3,
                                          throttleCPUIndex: 1, throttleGPUIndex: 0)
        let env = RuntimeEnv(scenario: Fixtures.scenario(durationS: 30), model: model)
        _ = try env.reset(seed: 0)
        var throttledAt: Double?
        var last = try env.step([2, 2, 2])
        for _ in 0..<250 {
            last = try env.step([2, 2, 2])
            if last.info.throttled && throttledAt == nil { throttledAt = last.info.timeS }
        }
        #expect(throttledAt != nil)
        #expect(last.info.throttled && last.info.gpuKHz == 300_000 && last.info.cpuKHz == 1_000_000)
        #expect(last.observation[ObservationLayout.temperatureC] > 37)
    }

    @Test("actions outside the space are refused; close is idempotent and final")
    func misuse() throws {
        let env = RuntimeEnv(scenario: Fixtures.scenario(), model: FixtureFrameModel())
        _ = try env.reset(seed: 0)
        #expect(throws: EnvError.self) { try env.step([3, 0, 0]) }
        #expect(throws: EnvError.self) { try env.step([0, 0]) }
        try env.close()
        try env.close()
        #expect(throws: EnvError.closed) { try env.reset(seed: 0) }
    }

    @Test("the oracle's view matches the noise-free step")
    func expectedFrame() throws {
        let env = RuntimeEnv(scenario: Fixtures.scenario(), model: FixtureFrameModel())
        _ = try env.reset(seed: 0)
        let expected = env.expectedFrame(level: 2, cpuIndex: 1, gpuIndex: 2)
        let step = try env.step([2, 1, 2])
        #expect(abs(expected.latencyMs - step.info.latencyMs) < 1e-12 && abs(expected.energyJ - step.info.energyJ) < 1e-12)
    }
}
