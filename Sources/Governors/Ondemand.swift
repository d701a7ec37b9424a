/// ondemand (`drivers/cpufreq/cpufreq_ondemand.c`, reference §4): samples the load every `sampling_rate`; above
/// `up_threshold` it jumps to the maximum, otherwise it asks for a frequency proportional to the load over the
/// hardware range:
///
///     target = cpuinfo_min + load · (cpuinfo_max − cpuinfo_min) / 100     (integer kHz)
///
/// resolved to the closest operating point (`CPUFREQ_RELATION_C`, a tie to the lower one). After a jump to the
/// maximum the next sample waits `sampling_down_factor` periods (`rate_mult`). `powersave_bias` is 0 (its default),
/// so the sub-sample alternation of two operating points never happens and is not modelled.
public struct Ondemand: Governor {
    /// `MICRO_FREQUENCY_UP_THRESHOLD`: the default when NOHZ idle micro-accounting is active, as on Tegra
    /// (`CONFIG_NO_HZ_IDLE=y`); 80 otherwise. Valid range 11–100.
    public static let defaultUpThreshold = 95
    /// Default `sampling_rate` on Xavier NX under 5.10: the 10 ms transition delay (reference §1 table).
    public static let defaultSamplingRateUs: Int64 = 10_000
    /// Default `sampling_rate` on Xavier NX under 4.9: max(min_sampling_rate, 1000 · 300 µs latency) = 300 ms
    /// (to be verified on a board).
    public static let l4t49SamplingRateUs: Int64 = 300_000
    /// Default `sampling_down_factor` (valid 1–100000): no extra hold at the maximum.
    public static let defaultSamplingDownFactor: Int64 = 1

    public let name = "ondemand"
    public let table: FrequencyTable
    public let upThreshold: Int
    public let samplingRateUs: Int64
    public let samplingDownFactor: Int64
    public private(set) var requestedFrequencyKHz: Int
    private var sampler: DBSLoadSampler
    private var rateMultiplier: Int64 = 1

    public init(table: FrequencyTable, upThreshold: Int = Ondemand.defaultUpThreshold,
                samplingRateUs: Int64 = Ondemand.defaultSamplingRateUs,
                samplingDownFactor: Int64 = Ondemand.defaultSamplingDownFactor,
                startFrequencyKHz: Int? = nil, startUs: Int64 = 0) {
        self.table = table
        self.upThreshold = min(max(upThreshold, 11), 100)
        self.samplingRateUs = max(samplingRateUs, 1)
        self.samplingDownFactor = min(max(samplingDownFactor, 1), 100_000)
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
        sampler = DBSLoadSampler(samplingRateUs: self.samplingRateUs, startUs: startUs)
    }

    public var utilization: Double { Double(sampler.lastLoad) / 100 }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {
        self = Ondemand(table: table, upThreshold: upThreshold, samplingRateUs: samplingRateUs,
                        samplingDownFactor: samplingDownFactor, startFrequencyKHz: frequencyKHz, startUs: nowUs)
    }

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int {
        guard sampler.accumulate(nowUs: nowUs, busyFraction: busyFraction),
              let sample = sampler.sampleIfDue(nowUs: nowUs, rateMultiplier: rateMultiplier)
        else { return requestedFrequencyKHz }
        requestedFrequencyKHz = decide(load: sample.load)
        return requestedFrequencyKHz
    }

    /// `od_update`: the request for one sampled load (percent), updating `rate_mult`.
    mutating func decide(load: Int) -> Int {
        if load > upThreshold {
            if requestedFrequencyKHz < table.highestKHz { rateMultiplier = samplingDownFactor }
            return table.highestKHz
        }
        rateMultiplier = 1
        return table.closest(Ondemand.proportionalTargetKHz(load: load, table: table))
    }

    /// The proportional target before rounding: cpuinfo_min + load·(cpuinfo_max − cpuinfo_min)/100, integer math.
    public static func proportionalTargetKHz(load: Int, table: FrequencyTable) -> Int {
        table.lowestKHz + load * (table.highestKHz - table.lowestKHz) / 100
    }
}
