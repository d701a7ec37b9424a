import Foundation

/// The terminal table and the `--json` object of `tandem evaluate`.
public enum EvaluationReport {
    /// A fixed-width table, one row per controller.
    public static func table(scenario: String, metrics: [ControllerMetrics]) -> String {
        let header = ["controller", "energy J", "mJ/frame", "p50 ms", "p95 ms", "p99 ms", "miss %", "top-1 %",
                      "f switches", "level sw."]
        let rows = metrics.map { m in
            [m.name, fixed(m.energyJ, 2), fixed(m.energyPerFrameMJ, 1), fixed(m.latencyP50Ms, 1),
             fixed(m.latencyP95Ms, 1), fixed(m.latencyP99Ms, 1), fixed(m.missRate * 100, 1),
             fixed(m.meanTop1Percent, 2), String(m.frequencySwitches), String(m.levelSwitches)]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return (["scenario: \(scenario)", line(header), line(widths.map { String(repeating: "-", count: $0) })]
            + rows.map(line)).joined(separator: "\n")
    }

    /// The contract object of ARCHITECTURE.md: `{"scenario", "controllers": [{"name", "energy_j",
    /// "energy_per_frame_mj", "latency_p50_ms", "latency_p99_ms", "miss_rate", "mean_top1", …}]}` plus the extra
    /// keys `latency_p95_ms`, `frequency_switches`, `level_switches`, `frames`.
    public static func jsonObject(scenario: String, metrics: [ControllerMetrics]) -> [String: Any] {
        [
            "scenario": scenario,
            "controllers": metrics.map { m -> [String: Any] in
                ["name": m.name, "energy_j": m.energyJ, "energy_per_frame_mj": m.energyPerFrameMJ,
                 "latency_p50_ms": m.latencyP50Ms, "latency_p95_ms": m.latencyP95Ms, "latency_p99_ms": m.latencyP99Ms,
                 "miss_rate": m.missRate, "mean_top1": m.meanTop1Percent, "frequency_switches": m.frequencySwitches,
                 "level_switches": m.levelSwitches, "frames": m.frames]
            },
        ]
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
