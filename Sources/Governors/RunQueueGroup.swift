/// The CPUs of one cpufreq policy (a Xavier NX cluster has two) and the scheduler events they produce while an
/// interval is replayed: wake-ups at its start, ticks while a CPU runs, and sleeps when a task's busy part ends.
/// schedutil is called at each of these (`cpufreq_update_util`), so both schedutil models walk them in time order.
struct RunQueueGroup: Sendable {
    /// The scheduler tick, 4 ms at HZ = 250 (the L4T defconfig value is to be verified on a board, reference §2.1).
    static let defaultTickNs: Int64 = 4_000_000

    private(set) var queues: [CPURunQueue]
    let tickNs: Int64
    private(set) var positionNs: Int64

    init(kernel: CPURunQueue.Kernel, cpuCount: Int, startNs: Int64, tickNs: Int64 = defaultTickNs) {
        queues = Array(repeating: CPURunQueue(kernel: kernel, startNs: startNs), count: max(cpuCount, 1))
        self.tickNs = tickNs
        positionNs = startNs
    }

    /// Starts the interval up to `endNs`; `busyFraction(cpu)` gives each CPU's share. A CPU that wakes runs its update
    /// hook, flagged as an I/O wake-up when `ioWaitWakeup(cpu)`. Returns whether a CPU woke.
    mutating func beginInterval(endNs: Int64, busyFraction: (Int) -> Double, ioWaitWakeup: (Int) -> Bool = { _ in false })
        -> Bool
    {
        var woke = false
        for index in queues.indices {
            if queues[index].beginInterval(endNs: endNs, busyFraction: clampedBusyFraction(busyFraction(index))) {
                woke = true
                queues[index].hook(atNs: positionNs, ioWait: ioWaitWakeup(index), tickNs: tickNs)
            }
        }
        return woke
    }

    /// The next scheduler event after `afterNs`, or `endNs` (the caller's own update) when none comes first.
    func nextEventNs(after afterNs: Int64, endNs: Int64) -> Int64 {
        var next = endNs
        var anyRunning = false
        for queue in queues {
            if let sleep = queue.sleepEventNs(after: afterNs) { next = min(next, sleep) }
            if queue.runs(at: afterNs) { anyRunning = true }
        }
        if anyRunning { next = min(next, (afterNs / tickNs + 1) * tickNs) }
        return next
    }

    /// Advances every CPU to `timeNs` and runs the update hook of those with an event there (ticks and the caller's
    /// update while running, sleeps; the first CPU always at the caller's update, `endNs`).
    mutating func advance(toNs timeNs: Int64, frequencyScale: Int64, endNs: Int64) {
        for index in queues.indices {
            let hasEvent = queues[index].hasEvent(atNs: timeNs) || (index == 0 && timeNs == endNs)
            queues[index].advance(toNs: timeNs, frequencyScale: frequencyScale)
            if hasEvent { queues[index].hook(atNs: timeNs, ioWait: false, tickNs: tickNs) }
        }
        positionNs = max(positionNs, timeNs)
    }

    /// The largest utilisation over the policy's CPUs after each CPU's iowait boost (`sugov_next_freq_shared`).
    mutating func maxBoostedUtil(atNs timeNs: Int64) -> Int64 {
        var result: Int64 = 0
        for index in queues.indices {
            let util = queues[index].effectiveUtil
            result = max(result, queues[index].applyIOWaitBoost(atNs: timeNs, util: util, tickNs: tickNs))
        }
        return result
    }

    /// The largest effective utilisation over the policy's CPUs (all Carmel cores have capacity 1024, so the
    /// kernel's max of util/max is the max of util).
    var maxEffectiveUtil: Int64 { queues.reduce(0) { max($0, $1.effectiveUtil) } }

    /// Total NOHZ idle entries over the policy's CPUs (only used for single-CPU policies).
    var idleEntries: Int { queues.reduce(0) { $0 + $1.idleEntries } }
}
