import Environment

/// How a step's `FrameInfo` crosses the ABI: a fixed row of doubles per step, in the order of `names` (booleans as
/// 0/1). Python reads the names once (`tandem_info_names`) and builds its info dict from them, so it never repeats
/// this list.
enum InfoLayout {
    static let names = [
        "time_s", "latency_ms", "latency_target_ms", "energy_j", "power_w", "missed", "level", "cpu_khz", "gpu_khz",
        "top1_percent", "temperature_c", "cpu_busy", "gpu_busy", "corunner_cpu", "corunner_gpu",
        "frequency_switches", "throttled",
    ]
    static let count = names.count

    /// Writes `info` into `row[0 ..< count]`.
    @inline(__always)
    static func write(_ info: FrameInfo, into row: UnsafeMutablePointer<Double>) {
        row[0] = info.timeS
        row[1] = info.latencyMs
        row[2] = info.latencyTargetMs
        row[3] = info.energyJ
        row[4] = info.powerW
        row[5] = info.missed ? 1 : 0
        row[6] = Double(info.level)
        row[7] = Double(info.cpuKHz)
        row[8] = Double(info.gpuKHz)
        row[9] = info.top1Percent
        row[10] = info.temperatureC
        row[11] = info.cpuBusy
        row[12] = info.gpuBusy
        row[13] = info.coRunnerCPU
        row[14] = info.coRunnerGPU
        row[15] = Double(info.frequencySwitches)
        row[16] = info.throttled ? 1 : 0
    }
}
