/// One CPU's root CFS run queue as schedutil sees it: the PELT utilisation of a single task that runs at the start
/// of each reported interval and sleeps for the rest, with the kernel's frequency invariance and util_est.
///
/// Two kernels are modelled (reference: linux-governors.md §3.3, §3.4):
/// - `.mainline510`: invariance by time scaling (`clock_pelt`: while running the PELT clock advances at f/f_max of
///   wall time; at idle entry the lag is handed back as idle time unless the signal is saturated, in which case it is
///   "lost idle time" and dropped), `util_avg` normalised by the 4.15+ divider, and util_est with UTIL_EST_FASTUP.
/// - `.l4t49`: invariance by scaling each running contribution by f/f_max, `util_avg = util_sum / LOAD_AVG_MAX`, and
///   NVIDIA's second "fast" average (half-life 3 periods); schedutil reads max(slow, fast).
struct CPURunQueue: Sendable {
    enum Kernel: Sendable { case mainline510, l4t49 }

    /// util_est's margin below which the EWMA is not updated: 1% of capacity (`SCHED_CAPACITY_SCALE / 100`).
    static let utilEstimateMargin: Int64 = PELTSignal.capacityScale / 100
    /// util_est's EWMA weight: the estimate moves 1/4 of the way to each new sample (`UTIL_EST_WEIGHT_SHIFT` = 2).
    static let utilEstimateWeightShift: Int64 = 2
    /// In 5.10 the task estimate carries the `UTIL_AVG_UNCHANGED` flag in its lowest bit (0x1), which ends up in the
    /// run queue's sum; reproduced for fidelity (it adds at most 1/1024).
    static let utilAverageUnchangedFlag: Int64 = 0x1
    /// A saturated signal's threshold for "lost idle time" (`update_idle_rq_clock_pelt`):
    /// ((LOAD_AVG_MAX − 1024) << SCHED_CAPACITY_SHIFT) − LOAD_AVG_MAX.
    static let saturatedUtilSum: Int64 = ((PELTDecay.standard.maxSum - 1024) << 10) - PELTDecay.standard.maxSum

    let kernel: Kernel
    private(set) var util: PELTSignal
    private(set) var fastUtil: PELTSignal
    /// Wall-clock position of this run queue (ns).
    private(set) var wallNs: Int64
    /// Mainline: the PELT clock as PELT reads it (`clock_pelt − lost_idle_time`).
    private var peltClockNs: Int64
    /// Mainline: wall time not yet credited to the PELT clock since the last idle entry.
    private var unsyncedLagNs: Int64 = 0
    private(set) var isRunning = false
    /// When the running part of the current interval ends, and whether the task then sleeps.
    private var busyEndNs: Int64
    private var sleepsAtBusyEnd = false
    private var estimateEwma: Int64 = 0
    private var estimateEnqueued: Int64 = 0
    private var utilAverageAtEnqueue: Int64 = 0
    /// NOHZ idle entries so far (`tick_nohz_get_idle_calls_cpu`), for schedutil's busy heuristic.
    private(set) var idleEntries: Int = 0
    /// Mainline iowait boost state (`sugov_cpu.iowait_boost`, `iowait_boost_pending`, `last_update`).
    private(set) var ioWaitBoost: Int64 = 0
    private var ioWaitBoostPending = false
    private var lastHookNs: Int64 = Int64.min / 2

    /// `IOWAIT_BOOST_MIN`: the first boost after an I/O wake-up, an eighth of capacity.
    static let ioWaitBoostMin: Int64 = PELTSignal.capacityScale / 8

    init(kernel: Kernel, startNs: Int64) {
        self.kernel = kernel
        switch kernel {
        case .mainline510:
            util = PELTSignal(decay: .standard, divider: .mainline, startNs: startNs)
        case .l4t49:
            util = PELTSignal(decay: .standard, divider: .constant, startNs: startNs)
        }
        fastUtil = PELTSignal(decay: .fast, divider: .constant, startNs: startNs)
        wallNs = startNs
        peltClockNs = startNs
        busyEndNs = startNs
    }

    /// Starts an interval [wallNs, endNs] in which the task runs for `busyFraction` of the time first.
    /// Returns true when the task wakes up (was asleep and runs now): an enqueue, a scheduler event.
    mutating func beginInterval(endNs: Int64, busyFraction: Double) -> Bool {
        let length = endNs - wallNs
        busyEndNs = wallNs + Int64((Double(length) * busyFraction).rounded())
        sleepsAtBusyEnd = busyEndNs < endNs
        if busyEndNs > wallNs {
            if !isRunning {
                isRunning = true
                utilAverageAtEnqueue = util.utilAvg
                return true
            }
        } else if isRunning {
            dequeue()
        }
        return false
    }

    /// The next instant after `afterNs` at which this run queue produces a scheduler event (its task sleeps),
    /// or nil when none falls before the interval ends.
    func sleepEventNs(after afterNs: Int64) -> Int64? {
        isRunning && sleepsAtBusyEnd && busyEndNs > afterNs ? busyEndNs : nil
    }

    /// Whether the task is running at `timeNs` (ticks only happen on running CPUs under NOHZ).
    func runs(at timeNs: Int64) -> Bool { isRunning && timeNs < busyEndNs }

    /// Advances to `timeNs`; `frequencyScale` is f_cur/f_max in 1/1024 (`arch_scale_freq_capacity`).
    mutating func advance(toNs timeNs: Int64, frequencyScale: Int64) {
        guard timeNs > wallNs else { return }
        if isRunning {
            let runEnd = min(timeNs, busyEndNs)
            if runEnd > wallNs { run(forNs: runEnd - wallNs, frequencyScale: frequencyScale) }
            if sleepsAtBusyEnd && timeNs >= busyEndNs { dequeue() }
        }
        if timeNs > wallNs { idle(forNs: timeNs - wallNs) }
    }

    /// The utilisation schedutil reads (`schedutil_cpu_util` with only CFS tasks): mainline max(util_avg, util_est)
    /// while the task is enqueued; L4T max(slow, fast); capped at capacity.
    var effectiveUtil: Int64 {
        let capacity = PELTSignal.capacityScale
        switch kernel {
        case .mainline510:
            var value = util.utilAvg
            if isRunning {
                value = max(value, max(estimateEwma, estimateEnqueued) | CPURunQueue.utilAverageUnchangedFlag)
            }
            return min(value, capacity)
        case .l4t49:
            return min(max(util.utilAvg, fastUtil.utilAvg), capacity)
        }
    }

    /// `sugov_iowait_boost` then `last_update = time`: this CPU's update hook runs at `timeNs`, `ioWait` when a task
    /// woke from I/O wait (5.10 semantics).
    mutating func hook(atNs timeNs: Int64, ioWait: Bool, tickNs: Int64) {
        defer { lastHookNs = timeNs }
        // Reset the boost if the CPU appears to have been idle for more than a tick.
        if ioWaitBoost != 0 && resetIOWaitBoost(atNs: timeNs, ioWait: ioWait, tickNs: tickNs) { return }
        guard ioWait, !ioWaitBoostPending else { return }  // boost only I/O wake-ups, doubling once per request
        ioWaitBoostPending = true
        ioWaitBoost = ioWaitBoost != 0 ? min(ioWaitBoost << 1, PELTSignal.capacityScale) : CPURunQueue.ioWaitBoostMin
    }

    /// `sugov_iowait_apply`: `util` raised to the boost, which halves at each use without a new request.
    mutating func applyIOWaitBoost(atNs timeNs: Int64, util: Int64, tickNs: Int64) -> Int64 {
        guard ioWaitBoost != 0 else { return util }
        if resetIOWaitBoost(atNs: timeNs, ioWait: false, tickNs: tickNs) { return util }
        if !ioWaitBoostPending {
            ioWaitBoost >>= 1
            if ioWaitBoost < CPURunQueue.ioWaitBoostMin { ioWaitBoost = 0; return util }
        }
        ioWaitBoostPending = false
        return max(util, ioWaitBoost)  // boost·max >> SCHED_CAPACITY_SHIFT with max = 1024
    }

    /// `sugov_iowait_reset`: only when more than a tick passed since this CPU's last update.
    private mutating func resetIOWaitBoost(atNs timeNs: Int64, ioWait: Bool, tickNs: Int64) -> Bool {
        guard timeNs - lastHookNs > tickNs else { return false }
        ioWaitBoost = ioWait ? CPURunQueue.ioWaitBoostMin : 0
        ioWaitBoostPending = ioWait
        return true
    }

    /// Whether this CPU has a scheduler event at `timeNs` within the current interval: it runs up to then (a tick or
    /// the caller's update while busy) or its task sleeps then.
    func hasEvent(atNs timeNs: Int64) -> Bool { isRunning && busyEndNs >= timeNs && timeNs > wallNs }

    private mutating func run(forNs duration: Int64, frequencyScale: Int64) {
        wallNs += duration
        switch kernel {
        case .mainline510:
            let scaled = duration * frequencyScale / PELTSignal.capacityScale
            peltClockNs += scaled
            unsyncedLagNs += duration - scaled
            util.advance(toNs: peltClockNs, running: true)
        case .l4t49:
            util.advance(toNs: wallNs, running: true, contributionScale: frequencyScale)
            fastUtil.advance(toNs: wallNs, running: true, contributionScale: frequencyScale)
        }
    }

    private mutating func idle(forNs duration: Int64) {
        wallNs += duration
        switch kernel {
        case .mainline510:
            peltClockNs += duration
            util.advance(toNs: peltClockNs, running: false)
        case .l4t49:
            util.advance(toNs: wallNs, running: false)
            fastUtil.advance(toNs: wallNs, running: false)
        }
    }

    /// The task sleeps: util_est takes its sample and the PELT clock re-syncs with wall time.
    private mutating func dequeue() {
        isRunning = false
        idleEntries += 1
        guard kernel == .mainline510 else { return }
        updateUtilEstimate()
        // update_idle_rq_clock_pelt: a saturated signal keeps its lag as lost idle time; otherwise the lag is idle.
        if util.utilSum < CPURunQueue.saturatedUtilSum { peltClockNs += unsyncedLagNs }
        unsyncedLagNs = 0
    }

    /// `util_est_update` (5.10) for the task at dequeue.
    private mutating func updateUtilEstimate() {
        let sample = util.utilAvg
        // UTIL_AVG_UNCHANGED: no period boundary while it ran, nothing new to learn.
        if sample == utilAverageAtEnqueue && estimateEnqueued != 0 { return }
        if estimateEwma < sample {  // UTIL_EST_FASTUP: jump straight up.
            estimateEwma = sample
            estimateEnqueued = sample
            return
        }
        let difference = sample - estimateEwma
        if abs(difference) < CPURunQueue.utilEstimateMargin { return }
        if sample > PELTSignal.capacityScale { return }
        estimateEnqueued = sample
        estimateEwma = ((estimateEwma << CPURunQueue.utilEstimateWeightShift) + difference)
            >> CPURunQueue.utilEstimateWeightShift
    }
}
