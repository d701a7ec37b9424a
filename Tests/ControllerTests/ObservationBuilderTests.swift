import Policy
import Testing

/// The shared observation builder against the layout table of ARCHITECTURE/RuntimeEnv, written out by hand here.
@Suite struct ObservationBuilderTests {
    /// RuntimeEnv's order (Sources/Environment/Runtime/ObservationLayout.swift), copied as the reference.
    static let environmentNames = [
        "latency_target_ms", "accuracy_floor_percent", "last_latency_ms", "last_energy_mj", "corunner_cpu_util",
        "corunner_gpu_util", "ipc", "cache_misses_m", "level", "cpu_index", "gpu_index", "temperature_c",
        "latency_ratio", "level_top1_percent",
    ]

    @Test func standardLayoutIsTheEnvironmentsOrder() {
        #expect(ObservationBuilder.standardNames == Self.environmentNames)
        #expect(ObservationBuilder.standard.count == 14)
    }

    @Test func unitsAndValuesFollowTheTable() {
        let m = ObservationMeasurements(
            latencyTargetMs: 50, accuracyFloorPercent: 75, lastLatencyMs: 40, lastEnergyJ: 0.0325,
            coRunnerCPUUtilization: 0.25, coRunnerGPUUtilization: 0.5, instructionsPerCycle: 1.5, cacheMisses: 2_500_000,
            level: 3, cpuIndex: 14, gpuIndex: 7, temperatureC: 47.5, levelTop1Percent: 76.25)
        let expected: [Float] = [50, 75, 40, 32.5, 0.25, 0.5, 1.5, 2.5, 3, 14, 7, 47.5, 0.8, 76.25]
        let built = ObservationBuilder.standard.build(m)
        #expect(built.count == expected.count)
        for (index, (value, reference)) in zip(built, expected).enumerated() {
            #expect(abs(value - reference) <= 1e-5 * max(1, abs(reference)), "feature \(Self.environmentNames[index])")
        }
    }

    @Test func valuesAreClampedIntoTheirBoundsAndNaNBecomesZero() {
        let m = ObservationMeasurements(
            latencyTargetMs: 2000, accuracyFloorPercent: -5, lastLatencyMs: 5000, lastEnergyJ: 50,
            coRunnerCPUUtilization: 1.7, coRunnerGPUUtilization: .nan, instructionsPerCycle: 12, cacheMisses: 3e9,
            level: 12, cpuIndex: 24, gpuIndex: 14, temperatureC: .infinity, levelTop1Percent: 140)
        let built = ObservationBuilder.standard.build(m)
        #expect(built == [1000, 0, 1000, 10000, 1, 0, 8, 1000, 12, 24, 14, 125, 2.5, 100])
    }

    @Test func aPolicyLayoutSelectsAndOrdersFeatures() throws {
        let names = ["temperature_c", "level", "latency_ratio"]
        let builder = try ObservationBuilder(names: names)
        let m = ObservationMeasurements(latencyTargetMs: 40, lastLatencyMs: 60, level: 2, temperatureC: 51)
        #expect(builder.build(m) == [51, 2, 1.5])
        var buffer = [Float](repeating: -1, count: 3)
        buffer.withUnsafeMutableBufferPointer { builder.write(m, into: $0.baseAddress!) }
        #expect(buffer == [51, 2, 1.5])
    }

    @Test func unknownFeaturesAreNamed() {
        let error = #expect(throws: ObservationBuilder.LayoutError.self) {
            try ObservationBuilder(names: ["level", "fan_rpm", "gpu_index", "humidity"])
        }
        #expect(error?.unknownNames == ["fan_rpm", "humidity"])
        #expect(error?.description.contains("fan_rpm") == true)
    }

    @Test func nonFiniteMeasurementsAreNamed() {
        var m = ObservationMeasurements(latencyTargetMs: 40)
        #expect(m.firstNonFinite == nil)
        m.instructionsPerCycle = .nan
        #expect(m.firstNonFinite == "ipc")
        m.lastEnergyJ = -.infinity
        #expect(m.firstNonFinite == "last_energy_mj")
    }
}
