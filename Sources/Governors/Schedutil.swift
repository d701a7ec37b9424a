/// schedutil as in mainline Linux 5.10 (`kernel/sched/cpufreq_schedutil.c`, torvalds/linux @00d6a8a7; L4T 5.10 ships it
/// almost unchanged): the frequency follows the scheduler's PELT utilisation of the busiest CPU in the policy.
///
///     next_freq = C · max_freq · util / max,   C = 1.25
///
/// resolved to the lowest operating point at or above it (`cpufreq_driver_resolve_freq`, `CPUFREQ_RELATION_L`).
/// C = 1.25 puts the tipping point at util/max = 0.8: above 80% utilisation the request is f_max. The utilisation is
/// frequency-invariant (reference §3.3), so the reference frequency is f_max, not the current one.
///
/// Evaluations happen at scheduler events (wake-up, tick, sleep and each caller update). An evaluation runs only when
/// `rate_limit_us` has passed since the last *change* of the request (`sugov_should_update_freq`), so while nothing
/// changes every event re-evaluates. iowait boost (5.10): a wake-up flagged as I/O wait starts a boost at 1/8 of
/// capacity, each further flagged wake-up doubles it (once per use) up to capacity, each use without a new request
/// halves it, and more than a tick without an update on that CPU clears it; util is raised to the boost.
public struct Schedutil: Governor {
    /// Default `rate_limit_us` on Xavier NX under 5.10: `cpufreq_policy_transition_delay_us` =
    /// min(1000 · transition latency, 10 ms) with the Tegra194 latency of 300 µs → 10 ms (reference §1).
    public static let defaultRateLimitUs: Int64 = 10_000
    /// Cores per Xavier NX cluster, i.e. CPUs in one cpufreq policy (tegra194-cpufreq).
    public static let defaultCPUsPerPolicy = 2

    public let name = "schedutil"
    public let table: FrequencyTable
    /// Minimum time between two changes of the request (`rate_limit_us`, the governor's one sysfs tunable).
    public let rateLimitUs: Int64
    /// CPUs in the policy. The "don't lower while busy" heuristic (`sugov_cpu_is_busy`) applies only to single-CPU
    /// policies (`sugov_update_single`), so it is off for Xavier NX's two-CPU clusters.
    public let cpuCount: Int
    public private(set) var requestedFrequencyKHz: Int
    private var group: RunQueueGroup
    private var lastChangeNs: Int64?

    /// When the request last changed (µs), nil before the first change.
    public var lastChangeUs: Int64? { lastChangeNs.map { $0 / 1000 } }
    private var cachedRawFrequencyKHz: Int = -1
    private var savedIdleEntries = 0

    public init(table: FrequencyTable, rateLimitUs: Int64 = Schedutil.defaultRateLimitUs,
                cpuCount: Int = Schedutil.defaultCPUsPerPolicy, startFrequencyKHz: Int? = nil, startUs: Int64 = 0) {
        self.table = table
        self.rateLimitUs = max(rateLimitUs, 0)
        self.cpuCount = max(cpuCount, 1)
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
        group = RunQueueGroup(kernel: .mainline510, cpuCount: self.cpuCount, startNs: startUs * 1000)
    }

    public var utilization: Double { Double(group.maxEffectiveUtil) / Double(PELTSignal.capacityScale) }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {
        self = Schedutil(table: table, rateLimitUs: rateLimitUs, cpuCount: cpuCount,
                         startFrequencyKHz: frequencyKHz, startUs: nowUs)
    }

    /// One task on the policy's first CPU; the others idle.
    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int {
        update(nowUs: nowUs, busyFraction: { $0 == 0 ? busyFraction : 0 })
    }

    /// One task on the policy's first CPU that, when it wakes at the start of this interval, wakes from I/O wait
    /// (`SCHED_CPUFREQ_IOWAIT`) if `ioWaitWakeup`.
    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double, ioWaitWakeup: Bool) -> Int {
        update(nowUs: nowUs, busyFraction: { $0 == 0 ? busyFraction : 0 }, ioWaitWakeup: { $0 == 0 && ioWaitWakeup })
    }

    /// Each CPU of the policy with its own busy fraction (`busyFraction(cpuIndex)`) and I/O-wait flag for its wake-up.
    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: (Int) -> Double,
                                ioWaitWakeup: (Int) -> Bool = { _ in false }) -> Int {
        let endNs = nowUs * 1000
        var timeNs = group.positionNs
        guard endNs > timeNs else { return requestedFrequencyKHz }
        if group.beginInterval(endNs: endNs, busyFraction: busyFraction, ioWaitWakeup: ioWaitWakeup) {
            evaluate(atNs: timeNs)
        }
        while timeNs < endNs {
            let next = group.nextEventNs(after: timeNs, endNs: endNs)
            group.advance(toNs: next, frequencyScale: frequencyScale, endNs: endNs)
            evaluate(atNs: next)
            timeNs = next
        }
        return requestedFrequencyKHz
    }

    /// The raw target before table resolution (`get_next_freq`, invariant form): (f_max + f_max/4) · util / 1024.
    public static func rawFrequencyKHz(maxKHz: Int, util: Int64) -> Int {
        Int((Int64(maxKHz) + Int64(maxKHz) >> 2) * util / PELTSignal.capacityScale)
    }

    /// f_cur/f_max in 1/1024, the scale the PELT clock runs at while a CPU is busy.
    private var frequencyScale: Int64 {
        Int64(requestedFrequencyKHz) * PELTSignal.capacityScale / Int64(table.highestKHz)
    }

    /// `sugov_update_shared` / `sugov_update_single` at one scheduler event.
    private mutating func evaluate(atNs timeNs: Int64) {
        // sugov_should_update_freq: throttle only after a change.
        if let lastChangeNs, timeNs - lastChangeNs < rateLimitUs * 1000 { return }
        let raw = Schedutil.rawFrequencyKHz(maxKHz: table.highestKHz, util: group.maxBoostedUtil(atNs: timeNs))
        var next = requestedFrequencyKHz
        if raw != cachedRawFrequencyKHz {
            cachedRawFrequencyKHz = raw
            next = table.lowestAtOrAbove(table.clamp(raw))
        }
        if cpuCount == 1 {
            // Do not lower the frequency if the CPU has not been idle since the last evaluation: the cut would be
            // premature (sugov_cpu_is_busy).
            let idleEntries = group.idleEntries
            let busy = idleEntries == savedIdleEntries
            savedIdleEntries = idleEntries
            if busy && next < requestedFrequencyKHz { next = requestedFrequencyKHz; cachedRawFrequencyKHz = -1 }
        }
        if next != requestedFrequencyKHz {
            requestedFrequencyKHz = next
            lastChangeNs = timeNs
        }
    }
}
