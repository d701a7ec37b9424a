/// conservative (`drivers/cpufreq/cpufreq_conservative.c`, reference §5): like ondemand it samples the load every
/// `sampling_rate`, but it moves a kept, unquantised `requested_freq` by one `freq_step` (5% of the maximum) per
/// sample: up when load > `up_threshold` (resolved with `CPUFREQ_RELATION_H`, the highest operating point ≤ it), down
/// when load < `down_threshold` (resolved with `CPUFREQ_RELATION_L`). A fall is considered only every
/// `sampling_down_factor` samples. After sleeping k ≥ 2 whole periods the request first drops by k steps (4.10+).
public struct Conservative: Governor {
    /// Default `up_threshold`, percent.
    public static let defaultUpThreshold = 80
    /// Default `down_threshold`, percent (valid 1 ≤ down < up).
    public static let defaultDownThreshold = 20
    /// Default `freq_step`, percent of the policy maximum (≈95 MHz on Xavier NX).
    public static let defaultFrequencyStepPercent = 5
    /// Default `sampling_down_factor` (valid 1–10).
    public static let defaultSamplingDownFactor = 1
    /// The step used when freq_step · max / 100 rounds to 0 (`DEF_FREQUENCY_STEP` fallback of 5 kHz).
    static let minimumStepKHz = 5

    public let name = "conservative"
    public let table: FrequencyTable
    public let upThreshold: Int
    public let downThreshold: Int
    public let frequencyStepPercent: Int
    public let samplingDownFactor: Int
    public let samplingRateUs: Int64
    public private(set) var requestedFrequencyKHz: Int
    /// The unquantised target (`requested_freq`).
    public private(set) var targetKHz: Int
    private var downSkip = 0
    private var sampler: DBSLoadSampler

    public init(table: FrequencyTable, upThreshold: Int = Conservative.defaultUpThreshold,
                downThreshold: Int = Conservative.defaultDownThreshold,
                frequencyStepPercent: Int = Conservative.defaultFrequencyStepPercent,
                samplingDownFactor: Int = Conservative.defaultSamplingDownFactor,
                samplingRateUs: Int64 = Ondemand.defaultSamplingRateUs,
                startFrequencyKHz: Int? = nil, startUs: Int64 = 0) {
        self.table = table
        self.upThreshold = min(max(upThreshold, 2), 100)
        self.downThreshold = min(max(downThreshold, 1), self.upThreshold - 1)
        self.frequencyStepPercent = min(max(frequencyStepPercent, 0), 100)
        self.samplingDownFactor = min(max(samplingDownFactor, 1), 10)
        self.samplingRateUs = max(samplingRateUs, 1)
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
        targetKHz = requestedFrequencyKHz
        sampler = DBSLoadSampler(samplingRateUs: self.samplingRateUs, startUs: startUs)
    }

    public var utilization: Double { Double(sampler.lastLoad) / 100 }

    /// One step in kHz: freq_step percent of the maximum.
    public var stepKHz: Int {
        let step = frequencyStepPercent * table.highestKHz / 100
        return step == 0 ? Conservative.minimumStepKHz : step
    }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {
        self = Conservative(table: table, upThreshold: upThreshold, downThreshold: downThreshold,
                            frequencyStepPercent: frequencyStepPercent, samplingDownFactor: samplingDownFactor,
                            samplingRateUs: samplingRateUs, startFrequencyKHz: frequencyKHz, startUs: nowUs)
    }

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int {
        guard sampler.accumulate(nowUs: nowUs, busyFraction: busyFraction),
              let sample = sampler.sampleIfDue(nowUs: nowUs, rateMultiplier: 1)
        else { return requestedFrequencyKHz }
        decide(load: sample.load, idlePeriods: sample.idlePeriods)
        return requestedFrequencyKHz
    }

    /// `cs_dbs_update` for one sample.
    mutating func decide(load: Int, idlePeriods: Int64) {
        guard frequencyStepPercent > 0 else { return }
        let minKHz = table.lowestKHz
        let maxKHz = table.highestKHz
        if targetKHz > maxKHz || targetKHz < minKHz { targetKHz = requestedFrequencyKHz }
        let step = stepKHz
        if idlePeriods > 0 {
            let drop = Int(min(idlePeriods, Int64(Int.max / max(step, 1)))) * step
            targetKHz = targetKHz > minKHz + drop ? targetKHz - drop : minKHz
        }
        if load > upThreshold {
            downSkip = 0
            guard targetKHz != maxKHz else { return }
            targetKHz = min(targetKHz + step, maxKHz)
            requestedFrequencyKHz = table.highestAtOrBelow(targetKHz)
            return
        }
        downSkip += 1
        guard downSkip >= samplingDownFactor else { return }
        downSkip = 0
        if load < downThreshold {
            guard targetKHz != minKHz else { return }
            targetKHz = targetKHz > step ? targetKHz - step : minKHz
            requestedFrequencyKHz = table.lowestAtOrAbove(table.clamp(targetKHz))
        }
    }
}
