import Evaluation
import Foundation

/// Every controller's episodes on the held-out scenarios, and the pooled numbers the demo's table shows.
struct DemoComparison {
    /// One held-out scenario: its name and one record per controller, in `controllers` order.
    struct ScenarioResult {
        let name: String
        let records: [EpisodeRecord]
    }

    /// Controller names in table order (the policy first).
    let controllers: [String]
    let scenarios: [ScenarioResult]

    /// The reference controllers the savings are measured against.
    static let savingReferences = ["schedutil", "dynamic-ofa"]

    /// The frames of every held-out scenario, concatenated per controller, so energy is the total, latency
    /// percentiles and the miss rate are over all frames, and top-1 is the frame-weighted mean.
    var pooled: [ControllerMetrics] {
        controllers.indices.map { index in
            var all = EpisodeRecord(controller: controllers[index])
            for scenario in scenarios {
                let record = scenario.records[index]
                all.timeS += record.timeS
                all.latencyMs += record.latencyMs
                all.targetMs += record.targetMs
                all.level += record.level
                all.cpuKHz += record.cpuKHz
                all.gpuKHz += record.gpuKHz
                all.powerW += record.powerW
                all.energyJ += record.energyJ
                all.top1Percent += record.top1Percent
                all.temperatureC += record.temperatureC
                all.frequencySwitches += record.frequencySwitches
                all.rewards += record.rewards
            }
            return all.metrics
        }
    }

    /// Energy saved by `metrics` relative to `reference` (percent; positive = less energy), or nil when the
    /// reference is not among the controllers or used no energy.
    static func savingPercent(_ metrics: ControllerMetrics, vs reference: String, in all: [ControllerMetrics]) -> Double? {
        guard let base = all.first(where: { $0.name == reference }), base.energyJ > 0 else { return nil }
        return (1 - metrics.energyJ / base.energyJ) * 100
    }
}
