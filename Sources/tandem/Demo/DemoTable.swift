import Evaluation
import Foundation

/// The demo's terminal output: the pooled comparison table and one line per held-out scenario.
enum DemoTable {
    static func pooled(_ metrics: [ControllerMetrics]) -> String {
        let header = ["controller", "energy J", "mJ/frame", "p50 ms", "p99 ms", "miss %", "top-1 %",
                      "saved vs schedutil", "saved vs dynamic-ofa"]
        let rows = metrics.map { m in
            [m.name, fixed(m.energyJ, 1), fixed(m.energyPerFrameMJ, 1), fixed(m.latencyP50Ms, 1),
             fixed(m.latencyP99Ms, 1), fixed(m.missRate * 100, 1), fixed(m.meanTop1Percent, 2)]
                + DemoComparison.savingReferences.map { reference in
                    DemoComparison.savingPercent(m, vs: reference, in: metrics).map { signed($0) + "%" } ?? "–"
                }
        }
        return align([header] + rows)
    }

    /// One row per scenario: the policy's energy saving vs each reference, and the miss rates of the policy and the
    /// references (energy is only comparable where the misses are).
    static func perScenario(_ comparison: DemoComparison) -> String {
        let shown = ["policy"] + DemoComparison.savingReferences.filter(comparison.controllers.contains)
        let header = ["held-out scenario", "frames"] + DemoComparison.savingReferences.map { "policy saved vs " + $0 }
            + shown.map { "miss % " + $0 }
        let rows = comparison.scenarios.map { scenario -> [String] in
            let metrics = scenario.records.map(\.metrics)
            let policy = metrics[0]
            return [scenario.name, String(policy.frames)]
                + DemoComparison.savingReferences.map { reference in
                    DemoComparison.savingPercent(policy, vs: reference, in: metrics).map { signed($0) + "%" } ?? "–"
                }
                + shown.compactMap { name in metrics.first { $0.name == name }.map { fixed($0.missRate * 100, 1) } }
        }
        return align([header] + rows)
    }

    /// Columns right-aligned except the first, two spaces apart, a rule under the header.
    static func align(_ table: [[String]]) -> String {
        guard let header = table.first else { return "" }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + table.dropFirst().map(line))
            .joined(separator: "\n")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func signed(_ value: Double) -> String { String(format: "%+.1f", value) }
}
