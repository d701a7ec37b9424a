import Environment

/// Runs controllers through `RuntimeEnv` on one scenario, each from the same seed (so each sees the same latency
/// noise), and summarises them.
public struct Evaluator {
    public let scenario: Scenario
    public let model: any FrameModel
    public let reward: RewardConfig
    public let seed: UInt64
    /// The CPU floor every controller's frames run under (`RuntimeEnv.cpuFloorKHz`; 0: none). Pass the board's
    /// nvpmodel floor, the one the governor baselines get, so the comparison is fair.
    public let cpuFloorKHz: Int

    public init(scenario: Scenario, model: any FrameModel, reward: RewardConfig = .standard, seed: UInt64 = 0,
                cpuFloorKHz: Int = 0) {
        self.scenario = scenario
        self.model = model
        self.reward = reward
        self.seed = seed
        self.cpuFloorKHz = cpuFloorKHz
    }

    /// One episode of `controller`.
    public func run(_ controller: some EvaluatedController) throws -> EpisodeRecord {
        let env = RuntimeEnv(scenario: scenario, model: model, reward: reward, live: nil)
        env.cpuFloorKHz = cpuFloorKHz
        defer { try? env.close() }
        return try Self.episode(controller, in: env, seed: seed)
    }

    /// One episode of `controller` in `env` (either backend).
    public static func episode(_ controller: some EvaluatedController, in env: RuntimeEnv, seed: UInt64) throws
        -> EpisodeRecord
    {
        var record = EpisodeRecord(controller: controller.name)
        var (observation, _) = try env.reset(seed: seed)
        try controller.begin(env: env, observation: observation)
        while true {
            let action = try controller.decide(observation: observation, env: env)
            let result = try env.step(action)
            record.append(result.info, reward: result.reward)
            controller.observe(result.info, env: env)
            observation = result.observation
            if result.isDone { break }
        }
        return record
    }

    /// The governor pair with the best static sub-network for this scenario: every level meeting the floor is run
    /// for a whole episode and the one with the least energy among those missing at most `maxMissRate` of frames
    /// wins (the fewest misses when none qualifies). Named `<governor>-static`.
    public func bestStatic(_ baseline: GovernorBaseline, cpuFloorKHz: Int, maxMissRate: Double = 0.05) throws
        -> EpisodeRecord
    {
        let probe = RuntimeEnv(scenario: scenario, model: model, reward: reward, live: nil)
        let levels = levelsMeetingFloor(probe)
        var best: (record: EpisodeRecord, metrics: ControllerMetrics)?
        for level in levels {
            let name = baseline.rawValue + "-static"
            let record = try run(baseline.controller(level: level, cpuFloorKHz: cpuFloorKHz, name: name))
            let metrics = record.metrics
            guard let current = best else {
                best = (record, metrics)
                continue
            }
            let qualifies = metrics.missRate <= maxMissRate
            let currentQualifies = current.metrics.missRate <= maxMissRate
            let better = qualifies
                ? (!currentQualifies || metrics.energyJ < current.metrics.energyJ)
                : (!currentQualifies && metrics.missRate < current.metrics.missRate)
            if better { best = (record, metrics) }
        }
        guard let best else { return EpisodeRecord(controller: baseline.rawValue + "-static") }
        return best.record
    }
}
