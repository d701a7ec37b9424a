/// The load measurement ondemand and conservative share (`dbs_update` in `drivers/cpufreq/cpufreq_governor.c`,
/// reference §4): busy and idle time accumulate between samples, and a sample is due at the first scheduler event once
/// `sampling_rate × rate_mult` has passed since the previous one (there is no timer since 4.7).
struct DBSLoadSampler: Sendable {
    let samplingRateUs: Int64
    private(set) var lastSampleUs: Int64
    private var positionUs: Int64
    private var windowIdleUs: Double = 0
    private var previousLoad: Int = 0
    /// The most recent sampled load, percent.
    private(set) var lastLoad: Int = 0

    init(samplingRateUs: Int64, startUs: Int64) {
        self.samplingRateUs = max(samplingRateUs, 1)
        lastSampleUs = startUs
        positionUs = startUs
    }

    /// Accounts for the interval up to `nowUs`, busy for `busyFraction` of it. Returns false when time did not move.
    mutating func accumulate(nowUs: Int64, busyFraction: Double) -> Bool {
        guard nowUs > positionUs else { return false }
        windowIdleUs += Double(nowUs - positionUs) * (1 - clampedBusyFraction(busyFraction))
        positionUs = nowUs
        return true
    }

    /// Takes a sample at `nowUs` if `sampling_rate × rateMultiplier` has passed: the load in percent (maximum over
    /// the policy's CPUs; the one loaded CPU here) and the whole sampling periods slept when that exceeds two
    /// (`idle_periods`, used by conservative), else nil.
    mutating func sampleIfDue(nowUs: Int64, rateMultiplier: Int64) -> (load: Int, idlePeriods: Int64)? {
        let elapsedUs = nowUs - lastSampleUs
        guard elapsedUs >= samplingRateUs * max(rateMultiplier, 1) else { return nil }
        let idleUs = min(Int64(windowIdleUs.rounded()), elapsedUs)
        lastSampleUs = nowUs
        windowIdleUs = 0
        var load: Int
        // Waking from a long idle: reuse the load from before the sleep once, rather than reading the sleep as low
        // load and dropping the frequency just when work arrives.
        if idleUs > 2 * samplingRateUs && previousLoad != 0 {
            load = previousLoad
            previousLoad = 0
        } else {
            load = Int(100 * (elapsedUs - idleUs) / elapsedUs)
            previousLoad = load
        }
        lastLoad = load
        let idlePeriods = idleUs > 2 * samplingRateUs ? idleUs / samplingRateUs : 0
        return (load, idlePeriods)
    }
}
