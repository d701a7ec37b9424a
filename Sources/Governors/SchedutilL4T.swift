/// schedutil as NVIDIA ships it in L4T 4.9 (JetPack 4.x; OE4T/linux-tegra-4.9 `kernel/sched/cpufreq_schedutil.c`
/// @12ac071e, reference §2.2). Differences from mainline:
/// - utilisation is max(util_avg, util_fast_avg): NVIDIA's second PELT average with a 3-period half-life, so the
///   request rises within a few ms but falls slowly (the slow average still halves only every 33.6 ms);
/// - frequency invariance scales each running contribution by f_cur/f_max (Linux 4.9), so a saturated CPU climbs
///   geometrically, at most ×1.25 per step;
/// - the headroom is a tunable: next_freq = f_max · (1 + capacity_margin/1024) · util / max;
/// - separate rate limits by direction, hard-coded in `sugov_init`: a rise needs 500 µs since the last change, a fall
///   2000 µs; evaluations run only once min(up, down) has passed.
/// RT, DL and the 4.9 iowait boost (which would request f_max) are not modelled: a busy trace carries none of them.
public struct SchedutilL4T: Governor {
    /// `up_rate_limit_us` as set in `sugov_init` (it overwrites the 1000·latency value).
    public static let defaultUpRateLimitUs: Int64 = 500
    /// `down_rate_limit_us` as set in `sugov_init`.
    public static let defaultDownRateLimitUs: Int64 = 2_000
    /// `capacity_margin` default: 256/1024 of headroom, i.e. C = 1.25. The kernel accepts up to 1024 (C = 2).
    public static let defaultCapacityMargin: Int64 = 256

    public let name = "schedutil"
    public let table: FrequencyTable
    public let upRateLimitUs: Int64
    public let downRateLimitUs: Int64
    public let capacityMargin: Int64
    public let cpuCount: Int
    public private(set) var requestedFrequencyKHz: Int
    private var group: RunQueueGroup
    private var lastChangeNs: Int64?

    /// When the request last changed (µs), nil before the first change.
    public var lastChangeUs: Int64? { lastChangeNs.map { $0 / 1000 } }

    public init(table: FrequencyTable, upRateLimitUs: Int64 = SchedutilL4T.defaultUpRateLimitUs,
                downRateLimitUs: Int64 = SchedutilL4T.defaultDownRateLimitUs,
                capacityMargin: Int64 = SchedutilL4T.defaultCapacityMargin,
                cpuCount: Int = Schedutil.defaultCPUsPerPolicy, startFrequencyKHz: Int? = nil, startUs: Int64 = 0) {
        self.table = table
        self.upRateLimitUs = max(upRateLimitUs, 0)
        self.downRateLimitUs = max(downRateLimitUs, 0)
        self.capacityMargin = min(max(capacityMargin, 0), PELTSignal.capacityScale)
        self.cpuCount = max(cpuCount, 1)
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
        group = RunQueueGroup(kernel: .l4t49, cpuCount: self.cpuCount, startNs: startUs * 1000)
    }

    public var utilization: Double { Double(group.maxEffectiveUtil) / Double(PELTSignal.capacityScale) }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {
        self = SchedutilL4T(table: table, upRateLimitUs: upRateLimitUs, downRateLimitUs: downRateLimitUs,
                            capacityMargin: capacityMargin, cpuCount: cpuCount, startFrequencyKHz: frequencyKHz,
                            startUs: nowUs)
    }

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int {
        update(nowUs: nowUs) { $0 == 0 ? busyFraction : 0 }
    }

    /// Each CPU of the policy with its own busy fraction (`busyFraction(cpuIndex)`).
    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: (Int) -> Double) -> Int {
        let endNs = nowUs * 1000
        var timeNs = group.positionNs
        guard endNs > timeNs else { return requestedFrequencyKHz }
        if group.beginInterval(endNs: endNs, busyFraction: busyFraction) { evaluate(atNs: timeNs) }
        while timeNs < endNs {
            let next = group.nextEventNs(after: timeNs, endNs: endNs)
            group.advance(toNs: next, frequencyScale: frequencyScale, endNs: endNs)
            evaluate(atNs: next)
            timeNs = next
        }
        return requestedFrequencyKHz
    }

    /// The raw target (`get_next_freq` with capacity_margin): (f_max + f_max·margin/1024) · util / 1024.
    public static func rawFrequencyKHz(maxKHz: Int, util: Int64, capacityMargin: Int64 = defaultCapacityMargin) -> Int {
        let maxKHz = Int64(maxKHz)
        return Int((maxKHz + (maxKHz * capacityMargin) >> 10) * util / PELTSignal.capacityScale)
    }

    /// `cpufreq_scale_freq_capacity`: f_cur/f_max in 1/1024.
    private var frequencyScale: Int64 {
        Int64(requestedFrequencyKHz) * PELTSignal.capacityScale / Int64(table.highestKHz)
    }

    private mutating func evaluate(atNs timeNs: Int64) {
        let sinceChangeNs = lastChangeNs.map { timeNs - $0 } ?? Int64.max
        // sugov_should_update_freq: nothing is evaluated until the shorter of the two limits has passed.
        if sinceChangeNs < min(upRateLimitUs, downRateLimitUs) * 1000 { return }
        let raw = SchedutilL4T.rawFrequencyKHz(maxKHz: table.highestKHz, util: group.maxEffectiveUtil,
                                               capacityMargin: capacityMargin)
        let next = table.lowestAtOrAbove(table.clamp(raw))
        // sugov_up_down_rate_limit: a rise waits for up_rate_limit_us, a fall for down_rate_limit_us.
        if next > requestedFrequencyKHz && sinceChangeNs < upRateLimitUs * 1000 { return }
        if next < requestedFrequencyKHz && sinceChangeNs < downRateLimitUs * 1000 { return }
        if next != requestedFrequencyKHz {
            requestedFrequencyKHz = next
            lastChangeNs = timeNs
        }
    }
}
