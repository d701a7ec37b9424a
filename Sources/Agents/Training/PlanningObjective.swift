import Environment

/// What `ModelBasedAgent`'s planner maximises: the training reward of `RuntimeEnv` wrapped in
/// `AccuracyWeightedReward`, computed from a predicted latency and energy instead of a measured one.
///
///     r̂(a) = −energy_mJ / energyScaleMJ − E_noise[miss penalty(latency)] − floor penalty − w · (best top-1 − top-1)
///            − λ · P(miss)
///
/// The reward is the designer's objective, not the board's behaviour, so the planner may know it; what it must learn
/// is the board: how latency and energy follow from the observation and the action. The latency target and the
/// accuracy floor are read from the observation (`ObservationLayout`), the level's top-1 from the library.
public struct PlanningObjective: Codable, Equatable, Sendable {
    public var reward: RewardConfig
    /// `AccuracyWeightedReward.weightPerPoint`.
    public var accuracyWeightPerPoint: Double
    /// Top-1 of every level of the action's first dimension, percent.
    public var levelTop1Percent: [Double]
    /// The OPP tables of the action's second and third dimensions (CPU, GPU), kHz: the planner's action features.
    public var cpuFrequenciesKHz: [Int]
    public var gpuFrequenciesKHz: [Int]

    public init(reward: RewardConfig, accuracyWeightPerPoint: Double, levelTop1Percent: [Double],
                cpuFrequenciesKHz: [Int], gpuFrequenciesKHz: [Int]) {
        self.reward = reward
        self.accuracyWeightPerPoint = accuracyWeightPerPoint
        self.levelTop1Percent = levelTop1Percent
        self.cpuFrequenciesKHz = cpuFrequenciesKHz
        self.gpuFrequenciesKHz = gpuFrequenciesKHz
    }

    public var nvec: [Int] { [levelTop1Percent.count, cpuFrequenciesKHz.count, gpuFrequenciesKHz.count] }
    var bestTop1Percent: Double { levelTop1Percent.max() ?? 0 }

    /// The features the world model sees for action `[level, cpu, gpu]`: the level one-hot, then for each clock
    /// f / f_max and f_max / f (latency is close to proportional to 1/f, energy to f; both shapes are given so a
    /// small network need not build them), `actionFeatureCount` in all.
    var actionFeatureCount: Int { levelTop1Percent.count + 4 }

    func writeActionFeatures(level: Int, cpu: Int, gpu: Int, into features: UnsafeMutablePointer<Float>) {
        for l in 0..<levelTop1Percent.count { features[l] = l == level ? 1 : 0 }
        let cpuRatio = Double(cpuFrequenciesKHz[cpu]) / Double(max(1, cpuFrequenciesKHz.max() ?? 1))
        let gpuRatio = Double(gpuFrequenciesKHz[gpu]) / Double(max(1, gpuFrequenciesKHz.max() ?? 1))
        let base = levelTop1Percent.count
        features[base] = Float(cpuRatio)
        features[base + 1] = Float(1 / max(cpuRatio, 1e-3))
        features[base + 2] = Float(gpuRatio)
        features[base + 3] = Float(1 / max(gpuRatio, 1e-3))
    }

    /// The expected reward of a frame predicted to take `latencyMs · m`, with the multiplier m drawn from `risk` (the
    /// model's recent log-latency errors, an empirical noise distribution), and to cost `energyJ`, at `level`, under
    /// the raw observation's target and floor, with the miss price `missPrice` (the constrained option's
    /// multiplier). The miss penalty summed over the samples that miss is regrouped so it needs one binary search:
    /// Σ_miss [p + q (L m / T − 1)] = misses · (p − q) + q (L / T) Σ_miss m.
    public func expectedReward(latencyMs: Double, energyJ: Double, level: Int, rawObservation: UnsafePointer<Float>,
                               risk: LatencyRisk, missPrice: Double) -> Double {
        let target = Double(rawObservation[ObservationLayout.latencyTargetMs])
        let floor = Double(rawObservation[ObservationLayout.accuracyFloorPercent])
        let top1 = levelTop1Percent[level]
        let (misses, multiplierSum) = risk.exceeding(latencyMs: latencyMs, targetMs: target)
        let count = Double(risk.multipliers.count)
        let missPenalty = Double(misses) * (reward.missPenalty - reward.missPenaltyPerExcess)
            + reward.missPenaltyPerExcess * latencyMs / target * multiplierSum
        var value = -energyJ * 1000 / reward.energyScaleMJ - missPenalty / count - missPrice * Double(misses) / count
        if top1 < floor { value -= reward.accuracyPenalty + reward.accuracyPenaltyPerPoint * (floor - top1) }
        value -= accuracyWeightPerPoint * max(0, bestTop1Percent - top1)
        return value
    }
}

/// The model's latency noise as the planner uses it: the multipliers `exp(ε)` of recent log-latency errors, sorted,
/// with suffix sums, so the expected miss penalty of a predicted latency costs one binary search instead of a pass
/// over every sample (the planner scores thousands of actions per decision).
public struct LatencyRisk: Sendable {
    /// exp(residual), ascending.
    let multipliers: [Double]
    /// suffixSums[k] = Σ_{i ≥ k} multipliers[i]; one more entry (0) than `multipliers`.
    let suffixSums: [Double]

    public init(residuals: [Float]) {
        let sorted = (residuals.isEmpty ? [0] : residuals).map { exp(Double($0)) }.sorted()
        var sums = [Double](repeating: 0, count: sorted.count + 1)
        for k in stride(from: sorted.count - 1, through: 0, by: -1) { sums[k] = sums[k + 1] + sorted[k] }
        multipliers = sorted
        suffixSums = sums
    }

    /// The number of samples with `latencyMs · m > targetMs`, and the sum of their `m`.
    func exceeding(latencyMs: Double, targetMs: Double) -> (count: Int, multiplierSum: Double) {
        let threshold = targetMs / latencyMs
        var low = 0, high = multipliers.count
        while low < high {
            let middle = (low + high) / 2
            if multipliers[middle] > threshold { high = middle } else { low = middle + 1 }
        }
        return (multipliers.count - low, suffixSums[low])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
