import Evaluation
import Foundation
import HDF5

/// The demo's results as HDF5 (readable with h5py), written atomically:
///
/// - root attributes: `format` = "tandem.demo", `version` = 1, `platform`, `device`, `seed`, `controllers` (names in
///   table order, the policy first), `scenarios` (held-out names in order), `policy` (the policy file evaluated),
///   `policy_source` ("trained" or "shipped"), `agent`, `training_steps`, `training_scenarios`,
///   `energy_source` / `latency_source` ("model": the simulated board), `simulated` = 1;
/// - `summary/<controller>`: the pooled numbers of the table as attributes (`energy_j`, `energy_per_frame_mj`,
///   `latency_p50_ms`, `latency_p95_ms`, `latency_p99_ms`, `miss_rate`, `mean_top1`, `frames`,
///   `saving_vs_schedutil_percent`, `saving_vs_dynamic_ofa_percent`);
/// - `scenarios/<scenario>/<controller>`: one episode in the layout of a `tandem.results` controller group
///   (`ResultsFile`): the same metric attributes and the per-frame series `t`, `latency_ms`, `target_ms`, `level`,
///   `cpu_khz`, `gpu_khz`, `power_w`, `energy_j`, `top1`, `temperature_c`, `reward`.
enum DemoResultsFile {
    static let format = "tandem.demo"
    static let version = 1

    struct Provenance {
        var platform: String
        var device: String
        var seed: UInt64
        var policyPath: String
        var policySource: String
        var agent: String
        var trainingSteps: Int
        var trainingScenarios: [String]
    }

    static func write(to path: String, comparison: DemoComparison, provenance: Provenance) throws {
        let pooled = comparison.pooled
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", format)
            try root.setAttribute("version", version)
            try root.setAttribute("platform", provenance.platform)
            try root.setAttribute("device", provenance.device)
            try root.setAttribute("seed", String(provenance.seed))
            try root.setAttribute("controllers", comparison.controllers)
            try root.setAttribute("scenarios", comparison.scenarios.map(\.name))
            try root.setAttribute("policy", provenance.policyPath)
            try root.setAttribute("policy_source", provenance.policySource)
            try root.setAttribute("agent", provenance.agent)
            try root.setAttribute("training_steps", provenance.trainingSteps)
            try root.setAttribute("training_scenarios", provenance.trainingScenarios)
            try root.setAttribute("energy_source", "model")
            try root.setAttribute("latency_source", "model")
            try root.setAttribute("simulated", 1)

            let summary = try root.createGroup("summary")
            for metrics in pooled {
                let group = try summary.createGroup(metrics.name)
                try writeMetrics(metrics, to: group)
                for reference in DemoComparison.savingReferences {
                    let key = "saving_vs_" + reference.replacingOccurrences(of: "-", with: "_") + "_percent"
                    try group.setAttribute(key, DemoComparison.savingPercent(metrics, vs: reference, in: pooled) ?? .nan)
                }
            }
            let scenarios = try root.createGroup("scenarios")
            for scenario in comparison.scenarios {
                let group = try scenarios.createGroup(scenario.name)
                try group.setAttribute("controllers", comparison.controllers)
                for record in scenario.records { try writeRecord(record, to: try group.createGroup(record.controller)) }
            }
        }
    }

    static func writeMetrics(_ m: ControllerMetrics, to group: HDF5Group) throws {
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

    /// The layout of a controller group of `ResultsFile` (kept identical so one reader serves both files).
    static func writeRecord(_ record: EpisodeRecord, to group: HDF5Group) throws {
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
