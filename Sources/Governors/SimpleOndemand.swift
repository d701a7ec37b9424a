/// devfreq's simple_ondemand (`drivers/devfreq/governor_simpleondemand.c`, torvalds/linux @0d2cd91b, reference §7):
/// at each poll, above `upthreshold` busy it asks for the maximum; within `downdifferential` below it keeps the
/// current frequency; otherwise it aims the load at about upthreshold − downdifferential/2:
///
///     target = cur · (busy/total) · 100 / (upthreshold − downdifferential/2)     (integer: divisor 90 − 5/2 = 88)
///
/// rounded up to the table (devfreq's ceil recommendation; nvgpu's `gp10b_round_clk_rate`).
public struct SimpleOndemand: Governor {
    /// `DFSO_UPTHRESHOLD`, percent.
    public static let defaultUpThreshold: Int64 = 90
    /// `DFSO_DOWNDIFFERENCTIAL`, percent.
    public static let defaultDownDifferential: Int64 = 5
    /// Both times are shifted right by 7 when either reaches 2^24 µs, to keep the product in 64 bits.
    static let overflowGuardUs: Int64 = 1 << 24
    /// The GPU's devfreq polling: nvgpu's 25 ms, which is 28 ms at HZ = 250.
    public static let defaultPollingIntervalUs = DevfreqMonitor.defaultPollingIntervalUs

    public let name = "simple_ondemand"
    public let table: FrequencyTable
    public let upThreshold: Int64
    public let downDifferential: Int64
    public let pollingIntervalUs: Int64
    public private(set) var requestedFrequencyKHz: Int
    public private(set) var utilization: Double = 0
    private var monitor: DevfreqMonitor

    public init(table: FrequencyTable, upThreshold: Int64 = SimpleOndemand.defaultUpThreshold,
                downDifferential: Int64 = SimpleOndemand.defaultDownDifferential,
                pollingIntervalUs: Int64 = SimpleOndemand.defaultPollingIntervalUs,
                startFrequencyKHz: Int? = nil, startUs: Int64 = 0) {
        self.table = table
        self.upThreshold = min(max(upThreshold, 1), 100)
        self.downDifferential = min(max(downDifferential, 0), self.upThreshold)
        self.pollingIntervalUs = max(pollingIntervalUs, 1)
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
        monitor = DevfreqMonitor(pollingIntervalUs: self.pollingIntervalUs, startUs: startUs)
    }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {
        self = SimpleOndemand(table: table, upThreshold: upThreshold, downDifferential: downDifferential,
                              pollingIntervalUs: pollingIntervalUs, startFrequencyKHz: frequencyKHz, startUs: nowUs)
    }

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int {
        guard let window = monitor.poll(nowUs: nowUs, busyFraction: busyFraction) else { return requestedFrequencyKHz }
        utilization = window.totalUs > 0 ? Double(window.busyUs) / Double(window.totalUs) : 0
        let target = targetKHz(busyUs: window.busyUs, totalUs: window.totalUs, currentKHz: requestedFrequencyKHz)
        requestedFrequencyKHz = table.lowestAtOrAbove(table.clamp(target))
        return requestedFrequencyKHz
    }

    /// `devfreq_simple_ondemand_func`, in kHz instead of Hz (the division by 1000 commutes with the integer steps
    /// up to one kHz, below any operating-point spacing).
    public func targetKHz(busyUs: Int64, totalUs: Int64, currentKHz: Int) -> Int {
        var busy = busyUs
        var total = totalUs
        if busy >= SimpleOndemand.overflowGuardUs || total >= SimpleOndemand.overflowGuardUs {
            busy >>= 7
            total >>= 7
        }
        if total == 0 || currentKHz == 0 { return table.highestKHz }
        // Above upthreshold: the maximum.
        if busy * 100 > total * upThreshold { return table.highestKHz }
        // Within the differential: keep the current frequency.
        if busy * 100 > total * (upThreshold - downDifferential) { return currentKHz }
        let scaled = busy * Int64(currentKHz) / total * 100
        return Int(scaled / (upThreshold - downDifferential / 2))
    }
}
