/// NVIDIA's GPU devfreq governor nvhost_podgov (`drivers/devfreq/governor_pod_scaling.c`, OE4T/linux-tegra-4.9
/// @524b0e58 and linux-tegra-5.10 @79ce3f6a, same algorithm; reference §7): a damped proportional controller that
/// aims the frequency-normalised busy time at `load_target` = 70%.
///
/// Per poll, with busy = busy_time/total_time and f_cur the current frequency (integer MHz):
///
///     cycles_avg ← (smooth·cycles_avg + f_cur·busy)/(smooth + 1)
///     busyness   = cycles_avg / f_cur                                  (per mille)
///     boost      = f_max/3                                if 1000·busy > load_max (and no damping)
///                = min(f_max/3, bias·f·(busyness − load_target)/(100·load_target))   otherwise
///     res        = f + boost;   freq_avg ← (smooth·freq_avg + res)/(smooth + 1)
///     out        = (damp·res + (10 − damp)·freq_avg)/10
///
/// rounded up to the table. Nothing changes within `block_window` of the last actual change (the averages still move).
public struct NvhostPodgov: Governor {
    /// `load_max`, per mille: a window busier than 90% jumps by f_max/3.
    public static let defaultLoadMax: Int64 = 900
    /// `load_target`, per mille: the frequency-normalised busy time the controller aims at.
    public static let defaultLoadTarget: Int64 = 700
    /// `bias`, percent: gain of the proportional step (0.8·f per unit of relative error).
    public static let defaultBias: Int64 = 80
    /// `smooth`: weight of the history in both moving averages (new sample weighs 1/(smooth+1)).
    public static let defaultSmooth: Int64 = 10
    /// `damp`, tenths: share of the fresh result against the frequency average.
    public static let defaultDamp: Int64 = 7
    /// `block_window`: minimum time between two changes.
    public static let defaultBlockWindowUs: Int64 = 50_000
    /// The GPU's devfreq polling: nvgpu's 25 ms, which is 28 ms at HZ = 250.
    public static let defaultPollingIntervalUs = DevfreqMonitor.defaultPollingIntervalUs
    /// Damping is expressed in tenths.
    static let dampScale: Int64 = 10

    public let name = "nvhost_podgov"
    public let table: FrequencyTable
    public let loadMax: Int64
    public let loadTarget: Int64
    public let bias: Int64
    public let smooth: Int64
    public let damp: Int64
    public let blockWindowUs: Int64
    public let pollingIntervalUs: Int64
    public private(set) var requestedFrequencyKHz: Int
    public private(set) var utilization: Double = 0
    private var monitor: DevfreqMonitor
    /// Moving average of f_cur·busy, MHz·per-mille (`cycles_avg`).
    private var cyclesAverage: Int64 = 0
    /// Moving average of the undamped result, MHz (`freq_avg`, starts at 0).
    private var frequencyAverageMHz: Int64 = 0
    private var lastChangeUs: Int64?

    public init(table: FrequencyTable, loadMax: Int64 = NvhostPodgov.defaultLoadMax,
                loadTarget: Int64 = NvhostPodgov.defaultLoadTarget, bias: Int64 = NvhostPodgov.defaultBias,
                smooth: Int64 = NvhostPodgov.defaultSmooth, damp: Int64 = NvhostPodgov.defaultDamp,
                blockWindowUs: Int64 = NvhostPodgov.defaultBlockWindowUs,
                pollingIntervalUs: Int64 = NvhostPodgov.defaultPollingIntervalUs,
                startFrequencyKHz: Int? = nil, startUs: Int64 = 0) {
        self.table = table
        self.loadMax = min(max(loadMax, 0), 1000)
        self.loadTarget = min(max(loadTarget, 1), 1000)
        self.bias = max(bias, 0)
        self.smooth = max(smooth, 0)
        self.damp = min(max(damp, 0), NvhostPodgov.dampScale)
        self.blockWindowUs = max(blockWindowUs, 0)
        self.pollingIntervalUs = max(pollingIntervalUs, 1)
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
        monitor = DevfreqMonitor(pollingIntervalUs: self.pollingIntervalUs, startUs: startUs)
    }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {
        self = NvhostPodgov(table: table, loadMax: loadMax, loadTarget: loadTarget, bias: bias, smooth: smooth,
                            damp: damp, blockWindowUs: blockWindowUs, pollingIntervalUs: pollingIntervalUs,
                            startFrequencyKHz: frequencyKHz, startUs: nowUs)
    }

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int {
        guard let window = monitor.poll(nowUs: nowUs, busyFraction: busyFraction) else { return requestedFrequencyKHz }
        let busyPermille = window.totalUs > 0 ? 1000 * window.busyUs / window.totalUs : 0
        utilization = Double(busyPermille) / 1000
        let currentMHz = Int64(requestedFrequencyKHz / 1000)
        cyclesAverage = (smooth * cyclesAverage + currentMHz * busyPermille) / (smooth + 1)
        if let lastChangeUs, nowUs - lastChangeUs < blockWindowUs { return requestedFrequencyKHz }

        let maxBoostMHz = Int64(table.highestKHz / 1000) / 3
        let busyness = currentMHz > 0 ? cyclesAverage / currentMHz : 0
        var dampTenths = damp
        let boostMHz: Int64
        if busyPermille > loadMax {
            boostMHz = maxBoostMHz
            dampTenths = NvhostPodgov.dampScale
        } else {
            boostMHz = min(maxBoostMHz, bias * currentMHz * (busyness - loadTarget) / (100 * loadTarget))
        }
        let resultMHz = currentMHz + boostMHz
        frequencyAverageMHz = (smooth * frequencyAverageMHz + resultMHz) / (smooth + 1)
        let outMHz = (dampTenths * resultMHz + (NvhostPodgov.dampScale - dampTenths) * frequencyAverageMHz)
            / NvhostPodgov.dampScale
        let next = table.lowestAtOrAbove(table.clamp(Int(outMHz) * 1000))
        if next != requestedFrequencyKHz {
            requestedFrequencyKHz = next
            lastChangeUs = nowUs
        }
        return requestedFrequencyKHz
    }
}
