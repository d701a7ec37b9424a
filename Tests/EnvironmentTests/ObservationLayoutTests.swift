import Environment
import Policy
import Testing

/// The environment's index constants and the shared builder (what `tandemd` uses) must name the same features.
@Suite("Observation layout shared with the controller")
struct ObservationLayoutTests {
    @Test("every index constant points at the feature of the same name in the builder's order")
    func indicesMatchBuilderOrder() {
        let expected: [(Int, String)] = [
            (ObservationLayout.latencyTargetMs, "latency_target_ms"),
            (ObservationLayout.accuracyFloorPercent, "accuracy_floor_percent"),
            (ObservationLayout.lastLatencyMs, "last_latency_ms"),
            (ObservationLayout.lastEnergyMJ, "last_energy_mj"),
            (ObservationLayout.coRunnerCPUUtilization, "corunner_cpu_util"),
            (ObservationLayout.coRunnerGPUUtilization, "corunner_gpu_util"),
            (ObservationLayout.instructionsPerCycle, "ipc"),
            (ObservationLayout.cacheMissesMillions, "cache_misses_m"),
            (ObservationLayout.level, "level"),
            (ObservationLayout.cpuIndex, "cpu_index"),
            (ObservationLayout.gpuIndex, "gpu_index"),
            (ObservationLayout.temperatureC, "temperature_c"),
            (ObservationLayout.latencyRatio, "latency_ratio"),
            (ObservationLayout.levelTop1Percent, "level_top1_percent"),
        ]
        #expect(ObservationLayout.count == ObservationBuilder.standard.count)
        for (index, name) in expected {
            #expect(ObservationLayout.names[index] == name)
        }
    }

    @Test("the space's upper bounds are the builder's clamping bounds")
    func boundsMatchBuilder() {
        let space = ObservationLayout.space(levels: 5, cpuCount: 25, gpuCount: 15)
        for (index, feature) in ObservationBuilder.standard.features.enumerated() {
            if let bound = feature.upperBound { #expect(space.high[index] == bound, "\(feature.rawValue)") }
        }
    }
}
