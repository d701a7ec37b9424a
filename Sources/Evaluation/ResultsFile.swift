import HDF5

/// The results of one `tandem evaluate` run as HDF5 (readable with h5py):
///
/// - root attributes: `format` = "tandem.results", `version` = 1, `scenario`, `platform`, `device`, `seed`,
///   `controllers` (names in order), `energy_source` / `latency_source` ("model", "clock" or "rails");
/// - one group per controller (its name) with attributes `energy_j`, `energy_per_frame_mj`, `latency_p50_ms`,
///   `latency_p95_ms`, `latency_p99_ms`, `miss_rate`, `mean_top1`, `frequency_switches`, `level_switches`, `frames`,
///   `episode_return`, and one dataset per time series, each of length `frames`: `t` (s), `latency_ms`, `target_ms`,
///   `level`, `cpu_khz`, `gpu_khz`, `power_w`, `energy_j`, `top1`, `temperature_c`, `reward`.
public enum ResultsFile {
    public static let format = "tandem.results"
    public static let version = 1

    /// Writes `records` atomically to `path`.
    public static func write(to path: String, scenario: String, platform: String, device: String, seed: UInt64,
                             energySource: String, latencySource: String, records: [EpisodeRecord]) throws {
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", format)
            try root.setAttribute("version", version)
            try root.setAttribute("scenario", scenario)
            try root.setAttribute("platform", platform)
            try root.setAttribute("device", device)
            try root.setAttribute("seed", String(seed))
            try root.setAttribute("controllers", records.map(\.controller))
            try root.setAttribute("energy_source", energySource)
            try root.setAttribute("latency_source", latencySource)
            for record in records { try writeController(record, to: try root.createGroup(record.controller)) }
        }
    }

    /// The metrics of one controller as attributes of `group` (the names in this type's documentation).
    public static func writeMetrics(_ m: ControllerMetrics, to group: HDF5Group) throws {
        try group.setAttribute("energy_j", m.energyJ)
        try group.setAttribute("energy_per_frame_mj", m.energyPerFrameMJ)
        try group.setAttribute("latency_p50_ms", m.latencyP50Ms)
        try group.setAttribute("latency_p95_ms", m.latencyP95Ms)
        try group.setAttribute("latency_p99_ms", m.latencyP99Ms)
        try group.setAttribute("miss_rate", m.missRate)
        try group.setAttribute("mean_top1", m.meanTop1Percent)
        try group.setAttribute("frequency_switches", m.frequencySwitches)
        try group.setAttribute("level_switches", m.levelSwitches)
        try group.setAttribute("frames", m.frames)
        try group.setAttribute("episode_return", m.episodeReturn)
    }

    /// One controller's group: its metrics and its per-frame series. Other result files (`tandem demo`'s) reuse it,
    /// so one reader serves them all.
    public static func writeController(_ record: EpisodeRecord, to group: HDF5Group) throws {
        try writeMetrics(record.metrics, to: group)
        let n = [record.frameCount]
        _ = try group.write("t", record.timeS, shape: n)
        _ = try group.write("latency_ms", record.latencyMs, shape: n)
        _ = try group.write("target_ms", record.targetMs, shape: n)
        _ = try group.write("level", record.level.map(Int64.init), shape: n)
        _ = try group.write("cpu_khz", record.cpuKHz.map(Int64.init), shape: n)
        _ = try group.write("gpu_khz", record.gpuKHz.map(Int64.init), shape: n)
        _ = try group.write("power_w", record.powerW, shape: n)
        _ = try group.write("energy_j", record.energyJ, shape: n)
        _ = try group.write("top1", record.top1Percent, shape: n)
        _ = try group.write("temperature_c", record.temperatureC, shape: n)
        _ = try group.write("reward", record.rewards, shape: n)
    }
}
