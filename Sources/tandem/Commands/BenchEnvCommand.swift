import ArgumentParsing
import Environment
import Foundation
import OFA
import Platform

/// `tandem bench env`: steps per second of the simulated `RuntimeEnv` on one core under a fixed random policy
/// (actions drawn from a seeded generator), through the allocation-free buffer path.
enum BenchEnvCommand: Command {
    static let spec = CommandSpec(
        name: "bench env",
        abstract: "Benchmark the simulated RuntimeEnv: steps per second on one core with a fixed random policy.",
        discussion: """
            Without --library the environment runs a bench-only library of six uniform OFA sub-networks whose \
            profiled GPU latency is proportional to their MACs (the step cost does not depend on these numbers; \
            use --library for a real one). The scenario is the paper's case shape (GPU inference with a co-runner \
            arriving mid-episode); the episode restarts when it ends, and resets are counted in the time.
            """,
        options: [
            .value("steps", "N", "Steps to time (after 10% warm-up).", default: "5000000"),
            .value("library", "L.h5|library.json", "Sub-network library (default: the bench-only library)."),
            .value("tables", "DIR", "Dynamic-OFA latency tables for a library.json."),
            .flag("json", "Print {\"steps_per_s\": …} on standard output."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let steps = try arguments.int("steps"), steps > 0 else {
            throw UsageError.invalidValue(option: "steps", value: arguments.string("steps") ?? "", expected: "a positive integer")
        }
        let library = try arguments.string("library").map { try LibraryLoading.load(path: $0, tables: arguments.string("tables")) }
            ?? benchLibrary()
        let platform = try PlatformCatalog.xavierNX()
        let scenario = Scenario(name: "bench", platform: "xavier-nx", device: .gpu, durationS: 10, framePeriodMs: 66.7,
                                latencyTargetMs: [.init(t: 0, value: 65)], accuracyFloor: 0,
                                coRunners: [.init(startS: 2.5, endS: 10, device: .gpu, utilization: 0.5)])
        let env = RuntimeEnv(scenario: scenario, model: try SimulatedBoard.model(platform: platform, library: library,
                                                                                 device: .gpu))
        let result = try measure(env, steps: steps)
        if arguments.flag("json") {
            let object: [String: Any] = ["steps_per_s": result.stepsPerSecond, "steps": steps,
                                         "seconds": result.seconds, "levels": library.levels.count,
                                         "reward_sum": result.rewardSum]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "RuntimeEnv (simulated): %.0f steps/s (%d steps in %.3f s, one core)",
                         result.stepsPerSecond, steps, result.seconds))
        }
        return 0
    }

    struct Measurement {
        var stepsPerSecond: Double
        var seconds: Double
        var rewardSum: Double
    }

    /// Times `steps` buffer-path steps after a warm-up; the actions come from a fixed-seed generator, drawn
    /// beforehand into a ring of 4096 so that drawing them is not timed.
    static func measure(_ env: RuntimeEnv, steps: Int) throws -> Measurement {
        var generator = Xoshiro256StarStar(seed: 2026)
        let nvec = env.actionSpace.nvec
        let ring = 4096
        var actions = [Int](repeating: 0, count: ring * nvec.count)
        for i in 0..<ring { for j in 0..<nvec.count { actions[i * nvec.count + j] = generator.nextInt(below: nvec[j]) } }
        var observation = [Float](repeating: 0, count: env.observationCount)
        var rewardSum = 0.0
        func run(_ count: Int) throws {
            try observation.withUnsafeMutableBufferPointer { obs in
                try actions.withUnsafeBufferPointer { all in
                    _ = try env.reset(seed: 1, options: [:], into: obs)
                    for i in 0..<count {
                        let slot = (i & (ring - 1)) * nvec.count
                        let action = UnsafeBufferPointer(rebasing: all[slot..<(slot + nvec.count)])
                        let outcome = try env.step(action, into: obs)
                        rewardSum += outcome.reward
                        if outcome.truncated || outcome.terminated { _ = try env.reset(seed: nil, options: [:], into: obs) }
                    }
                }
            }
        }
        try run(max(1, steps / 10))
        rewardSum = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure { try run(steps) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Measurement(stepsPerSecond: Double(steps) / seconds, seconds: seconds, rewardSum: rewardSum)
    }

    /// Six uniform sub-networks (kernel/expand/depth from smallest to largest at 224 px), profiled GPU latency
    /// 0.05 ms per million MACs: a bench-only stand-in with the right shape, not a measurement.
    static func benchLibrary() throws -> SubnetLibrary {
        let shapes = [(3, 3, 2), (3, 4, 2), (5, 4, 3), (5, 6, 3), (7, 6, 4), (7, 6, 4)]
        let resolutions = [160, 176, 192, 208, 208, 224]
        var levels: [SubnetLibrary.Level] = []
        let architecture = SupernetArchitecture(width: .w1_2)
        for (index, (shape, resolution)) in zip(shapes, resolutions).enumerated() {
            let config = try SubnetConfig.uniform(kernelSize: shape.0, expandRatio: shape.1, depth: shape.2,
                                                  resolution: resolution)
            let complexity = Complexity(config, architecture: architecture)
            levels.append(SubnetLibrary.Level(
                name: "bench\(index)", config: config, predictedAccuracy: nil, correctedTop1Percent: 70 + Double(index),
                measuredTop1Percent: nil, latencyMs: ["gpu": complexity.megaMACs * 0.05], latencyByOperatingPointMs: [:],
                measuredLatencyMs: [:], macs: complexity.macs, params: complexity.parameters))
        }
        return SubnetLibrary(levels: levels, width: .w1_2,
                             accuracyCorrection: AccuracyCorrection(slope: 1, interceptPercent: 0, source: "none (bench)"),
                             provenance: "tandem bench env: bench-only library")
    }
}
