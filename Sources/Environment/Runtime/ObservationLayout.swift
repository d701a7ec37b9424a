import Policy

/// The observation of `RuntimeEnv`: 14 floats in physical units, each inside finite bounds (values are clamped
/// into them). Policies and `NormalizeObservation` rely on this order; `RuntimeEnv.observationNames` spells it out.
///
/// | index | name | unit | bounds |
/// |---|---|---|---|
/// | 0 | latency_target_ms | ms | 0…1000 |
/// | 1 | accuracy_floor_percent | % top-1 | 0…100 |
/// | 2 | last_latency_ms | ms | 0…1000 |
/// | 3 | last_energy_mj | mJ (board energy of the last frame) | 0…10000 |
/// | 4 | corunner_cpu_util | fraction of the CPU busy with other work, as the counters see it | 0…1 |
/// | 5 | corunner_gpu_util | fraction of the GPU busy with other work | 0…1 |
/// | 6 | ipc | instructions per cycle of the last inference | 0…8 |
/// | 7 | cache_misses_m | cache misses of the last inference, millions | 0…1000 |
/// | 8 | level | sub-network level in use | 0…levels−1 |
/// | 9 | cpu_index | CPU OPP index in use | 0…cpuOPPs−1 |
/// | 10 | gpu_index | GPU OPP index in use | 0…gpuOPPs−1 |
/// | 11 | temperature_c | board temperature (ambient when not modelled) | 0…125 |
/// | 12 | latency_ratio | last latency / target | 0…10 |
/// | 13 | level_top1_percent | top-1 of the level in use | 0…100 |
public enum ObservationLayout {
    public static let latencyTargetMs = 0
    public static let accuracyFloorPercent = 1
    public static let lastLatencyMs = 2
    public static let lastEnergyMJ = 3
    public static let coRunnerCPUUtilization = 4
    public static let coRunnerGPUUtilization = 5
    public static let instructionsPerCycle = 6
    public static let cacheMissesMillions = 7
    public static let level = 8
    public static let cpuIndex = 9
    public static let gpuIndex = 10
    public static let temperatureC = 11
    public static let latencyRatio = 12
    public static let levelTop1Percent = 13
    public static let count = 14

    /// The feature names, from the builder both training and `tandemd` use (Policy's `ObservationBuilder`).
    public static let names = ObservationBuilder.standardNames

    /// The observation space for a library of `levels` and the given OPP counts.
    public static func space(levels: Int, cpuCount: Int, gpuCount: Int) -> Box {
        Box(low: Array(repeating: 0, count: count),
            high: [1000, 100, 1000, 10000, 1, 1, 8, 1000, Float(max(0, levels - 1)), Float(max(0, cpuCount - 1)),
                   Float(max(0, gpuCount - 1)), 125, 10, 100])
    }
}
