/// The devfreq core's polling (`devfreq_monitor` in `drivers/devfreq/devfreq.c`, reference §7): every polling
/// interval the governor gets the busy and total time since the previous poll (`devfreq_dev_status`; nvgpu resets its
/// counters on every read).
struct DevfreqMonitor: Sendable {
    /// nvgpu's `polling_ms` = 25 becomes 7 jiffies = 28 ms at HZ = 250 (`msecs_to_jiffies` rounds up).
    static let defaultPollingIntervalUs: Int64 = 28_000

    let pollingIntervalUs: Int64
    private var lastPollUs: Int64
    private var positionUs: Int64
    private var windowBusyUs: Double = 0

    init(pollingIntervalUs: Int64, startUs: Int64) {
        self.pollingIntervalUs = max(pollingIntervalUs, 1)
        lastPollUs = startUs
        positionUs = startUs
    }

    /// Accounts for the interval up to `nowUs`; when a poll is due returns (busy µs, total µs) for its window.
    mutating func poll(nowUs: Int64, busyFraction: Double) -> (busyUs: Int64, totalUs: Int64)? {
        guard nowUs > positionUs else { return nil }
        windowBusyUs += Double(nowUs - positionUs) * clampedBusyFraction(busyFraction)
        positionUs = nowUs
        guard nowUs - lastPollUs >= pollingIntervalUs else { return nil }
        let totalUs = nowUs - lastPollUs
        let busyUs = min(Int64(windowBusyUs.rounded()), totalUs)
        lastPollUs = nowUs
        windowBusyUs = 0
        return (busyUs, totalUs)
    }
}
