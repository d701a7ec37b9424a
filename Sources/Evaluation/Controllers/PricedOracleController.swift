import Environment

/// The oracle with prices instead of hard rules. Like `OracleController` it knows the model: before each frame it
/// looks at every action (levels meeting the floor × CPU OPPs from the environment's floor up × GPU OPPs) under the
/// current co-runner load and throttling, and takes the one minimising
///
///     expected energy_J − accuracyPriceJPerPoint · top1_percent + missPriceJ · P(miss)
///
/// P(miss) is exact for the environment's latency noise: the latency is `L · (1 + h·u)` with `u` uniform in [−1, 1]
/// and `h = √3 σ`, so a frame of noise-free latency `L` misses target `T` with probability `(1 − x) / 2`, where
/// `x = (T / L − 1) / h` clamped to [−1, 1].
///
/// Raising the accuracy price buys top-1 with energy; raising the miss price buys timeliness. `MatchedOracle` sweeps
/// both to find the cheapest episode at a given mean top-1 and miss rate, the reference a controller with the same
/// accuracy and misses is compared with. With an accuracy price of 0 and an infinite miss price this is
/// `OracleController` (up to ties).
public final class PricedOracleController: EvaluatedController {
    public let name: String
    public let accuracyPriceJPerPoint: Double
    public let missPriceJ: Double
    private var allowed: [Int] = []

    public init(name: String = "oracle-priced", accuracyPriceJPerPoint: Double, missPriceJ: Double) {
        self.name = name
        self.accuracyPriceJPerPoint = accuracyPriceJPerPoint
        self.missPriceJ = missPriceJ
    }

    public func begin(env: RuntimeEnv, observation: [Float]) throws {
        allowed = levelsMeetingFloor(env)
    }

    public func decide(observation: [Float], env: RuntimeEnv) throws -> [Int] {
        let target = env.currentLatencyTargetMs
        let halfWidth = env.scenario.latencyNoise * 3.0.squareRoot()
        var best = [allowed[0], env.cpuFrequenciesKHz.count - 1, env.gpuFrequenciesKHz.count - 1]
        var bestCost = Double.infinity
        var bestMiss = Double.infinity
        for level in allowed {
            let accuracyCredit = accuracyPriceJPerPoint * env.levelTop1Percent[level]
            for cpu in env.cpuFloorIndex..<env.cpuFrequenciesKHz.count {
                for gpu in env.gpuFrequenciesKHz.indices {
                    let frame = env.expectedFrame(level: level, cpuIndex: cpu, gpuIndex: gpu)
                    let miss = Self.missProbability(latencyMs: frame.latencyMs, targetMs: target, halfWidth: halfWidth)
                    // An infinite price means "never risk a miss when an action exists that does not": compare the
                    // miss probability first, then the rest of the cost.
                    let cost = frame.energyJ - accuracyCredit + (missPriceJ.isInfinite ? 0 : missPriceJ * miss)
                    let better = missPriceJ.isInfinite
                        ? (miss < bestMiss || (miss == bestMiss && cost < bestCost))
                        : cost < bestCost
                    if better {
                        best = [level, cpu, gpu]
                        bestCost = cost
                        bestMiss = miss
                    }
                }
            }
        }
        return best
    }

    /// The probability that a frame of noise-free latency `latencyMs` exceeds `targetMs` under uniform relative
    /// noise of half-width `halfWidth`.
    public static func missProbability(latencyMs: Double, targetMs: Double, halfWidth: Double) -> Double {
        guard halfWidth > 0 else { return latencyMs > targetMs ? 1 : 0 }
        let x = min(1, max(-1, (targetMs / latencyMs - 1) / halfWidth))
        return (1 - x) / 2
    }
}
