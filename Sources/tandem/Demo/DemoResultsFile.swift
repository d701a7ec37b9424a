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
                try ResultsFile.writeMetrics(metrics, to: group)
                for reference in DemoComparison.savingReferences {
                    let key = "saving_vs_" + reference.replacingOccurrences(of: "-", with: "_") + "_percent"
                    try group.setAttribute(key, DemoComparison.savingPercent(metrics, vs: reference, in: pooled) ?? .nan)
                }
            }
            let scenarios = try root.createGroup("scenarios")
            for scenario in comparison.scenarios {
                let group = try scenarios.createGroup(scenario.name)
                try group.setAttribute("controllers", comparison.controllers)
                for record in scenario.records { try ResultsFile.writeController(record, to: try group.createGroup(record.controller)) }
            }
        }
    }
}
