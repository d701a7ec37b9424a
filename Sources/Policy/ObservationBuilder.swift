/// The one code path that turns raw measurements into the observation a policy reads, shared by training
/// (`RuntimeEnv`) and the board (`tandemd`), so the controller feeds the policy exactly what it was trained on.
///
/// The observation is in physical units, each feature clamped into finite bounds (NaN becomes 0); the policy's own
/// normalisation (`ObservationNormalization`, applied inside `PolicyRuntime`) comes after. The order is the one the
/// policy file names (`PolicyFile.observationNames`); `standardNames` is the order `RuntimeEnv` uses:
///
/// | name | unit | bounds |
/// |---|---|---|
/// | latency_target_ms | ms | 0…1000 |
/// | accuracy_floor_percent | % top-1 | 0…100 |
/// | last_latency_ms | ms | 0…1000 |
/// | last_energy_mj | mJ (board energy of the last frame) | 0…10000 |
/// | corunner_cpu_util | fraction of the CPU busy with other work | 0…1 |
/// | corunner_gpu_util | fraction of the GPU busy with other work | 0…1 |
/// | ipc | instructions per cycle of the last inference | 0…8 |
/// | cache_misses_m | cache misses of the last inference, millions | 0…1000 |
/// | level | sub-network level in use | 0…levels−1 (not clamped) |
/// | cpu_index | CPU OPP index in use | 0…cpuOPPs−1 (not clamped) |
/// | gpu_index | GPU OPP index in use | 0…gpuOPPs−1 (not clamped) |
/// | temperature_c | board temperature | 0…125 |
/// | latency_ratio | last latency / target | 0…10 |
/// | level_top1_percent | top-1 of the level in use | 0…100 |
public struct ObservationBuilder: Equatable, Sendable {
    /// A feature the builder knows how to compute, named as in policy files.
    public enum Feature: String, CaseIterable, Sendable {
        case latencyTargetMs = "latency_target_ms"
        case accuracyFloorPercent = "accuracy_floor_percent"
        case lastLatencyMs = "last_latency_ms"
        case lastEnergyMJ = "last_energy_mj"
        case coRunnerCPUUtilization = "corunner_cpu_util"
        case coRunnerGPUUtilization = "corunner_gpu_util"
        case instructionsPerCycle = "ipc"
        case cacheMissesMillions = "cache_misses_m"
        case level = "level"
        case cpuIndex = "cpu_index"
        case gpuIndex = "gpu_index"
        case temperatureC = "temperature_c"
        case latencyRatio = "latency_ratio"
        case levelTop1Percent = "level_top1_percent"

        /// The feature's upper bound (the lower bound is 0); `nil` for the indices, which are exact.
        public var upperBound: Float? {
            switch self {
            case .latencyTargetMs, .lastLatencyMs, .cacheMissesMillions: 1000
            case .accuracyFloorPercent, .levelTop1Percent: 100
            case .lastEnergyMJ: 10000
            case .coRunnerCPUUtilization, .coRunnerGPUUtilization: 1
            case .instructionsPerCycle: 8
            case .temperatureC: 125
            case .latencyRatio: 10
            case .level, .cpuIndex, .gpuIndex: nil
            }
        }
    }

    /// Why a layout cannot be built.
    public struct LayoutError: Error, Equatable, CustomStringConvertible, Sendable {
        public let unknownNames: [String]
        public var description: String {
            "observation features \(unknownNames) are unknown to this Tandem (known: "
                + Feature.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        }
    }

    /// `RuntimeEnv`'s order (ARCHITECTURE's observation layout).
    public static let standardNames = Feature.allCases.map(\.rawValue)
    public static let standard = ObservationBuilder(features: Feature.allCases)

    /// The features in observation order.
    public let features: [Feature]

    public init(features: [Feature]) { self.features = features }

    /// The builder for a policy file's layout; throws when a name is not a feature this code computes.
    public init(names: [String]) throws(LayoutError) {
        var features: [Feature] = []
        var unknown: [String] = []
        for name in names {
            if let feature = Feature(rawValue: name) { features.append(feature) } else { unknown.append(name) }
        }
        guard unknown.isEmpty else { throw LayoutError(unknownNames: unknown) }
        self.features = features
    }

    public var count: Int { features.count }

    /// Writes the `count` features of `measurements` into `observation`. Allocates nothing.
    @inline(__always)
    public func write(_ measurements: ObservationMeasurements, into observation: UnsafeMutablePointer<Float>) {
        for (index, feature) in features.enumerated() {
            observation[index] = Self.value(of: feature, in: measurements)
        }
    }

    /// The observation as an array (allocating convenience).
    public func build(_ measurements: ObservationMeasurements) -> [Float] {
        features.map { Self.value(of: $0, in: measurements) }
    }

    /// One feature of `m`, converted to its unit and clamped.
    @inline(__always)
    public static func value(of feature: Feature, in m: ObservationMeasurements) -> Float {
        switch feature {
        case .latencyTargetMs: clamp(m.latencyTargetMs, feature)
        case .accuracyFloorPercent: clamp(m.accuracyFloorPercent, feature)
        case .lastLatencyMs: clamp(m.lastLatencyMs, feature)
        case .lastEnergyMJ: clamp(m.lastEnergyJ * 1000, feature)
        case .coRunnerCPUUtilization: clamp(m.coRunnerCPUUtilization, feature)
        case .coRunnerGPUUtilization: clamp(m.coRunnerGPUUtilization, feature)
        case .instructionsPerCycle: clamp(m.instructionsPerCycle, feature)
        case .cacheMissesMillions: clamp(m.cacheMisses / 1e6, feature)
        case .level: Float(m.level)
        case .cpuIndex: Float(m.cpuIndex)
        case .gpuIndex: Float(m.gpuIndex)
        case .temperatureC: clamp(m.temperatureC, feature)
        case .latencyRatio: clamp(m.lastLatencyMs / m.latencyTargetMs, feature)
        case .levelTop1Percent: clamp(m.levelTop1Percent, feature)
        }
    }

    @inline(__always)
    private static func clamp(_ value: Double, _ feature: Feature) -> Float {
        let x = Float(value)
        return x.isNaN ? 0 : min(max(x, 0), feature.upperBound ?? .greatestFiniteMagnitude)
    }
}

/// The raw inputs of an observation, in the units their names say. Training fills them from the simulator or the
/// live frame runner; the controller from the board's sensors and its own inference.
public struct ObservationMeasurements: Equatable, Sendable {
    public var latencyTargetMs: Double
    public var accuracyFloorPercent: Double
    public var lastLatencyMs: Double
    /// Board energy over the last frame's interval (inference plus waiting).
    public var lastEnergyJ: Double
    public var coRunnerCPUUtilization: Double
    public var coRunnerGPUUtilization: Double
    public var instructionsPerCycle: Double
    /// Cache misses of the last inference (a count, not millions).
    public var cacheMisses: Double
    public var level: Int
    public var cpuIndex: Int
    public var gpuIndex: Int
    public var temperatureC: Double
    public var levelTop1Percent: Double

    public init(latencyTargetMs: Double = 0, accuracyFloorPercent: Double = 0, lastLatencyMs: Double = 0,
                lastEnergyJ: Double = 0, coRunnerCPUUtilization: Double = 0, coRunnerGPUUtilization: Double = 0,
                instructionsPerCycle: Double = 0, cacheMisses: Double = 0, level: Int = 0, cpuIndex: Int = 0,
                gpuIndex: Int = 0, temperatureC: Double = 0, levelTop1Percent: Double = 0) {
        self.latencyTargetMs = latencyTargetMs
        self.accuracyFloorPercent = accuracyFloorPercent
        self.lastLatencyMs = lastLatencyMs
        self.lastEnergyJ = lastEnergyJ
        self.coRunnerCPUUtilization = coRunnerCPUUtilization
        self.coRunnerGPUUtilization = coRunnerGPUUtilization
        self.instructionsPerCycle = instructionsPerCycle
        self.cacheMisses = cacheMisses
        self.level = level
        self.cpuIndex = cpuIndex
        self.gpuIndex = gpuIndex
        self.temperatureC = temperatureC
        self.levelTop1Percent = levelTop1Percent
    }

    /// The first measured quantity that is NaN or ±inf, by its feature name, or `nil`. The builder clamps such
    /// values silently (as training did); a controller on a board treats one as a failed sensor instead.
    public var firstNonFinite: String? {
        // Plain comparisons rather than an array of pairs: this runs on the controller's hot path.
        if !latencyTargetMs.isFinite { return "latency_target_ms" }
        if !accuracyFloorPercent.isFinite { return "accuracy_floor_percent" }
        if !lastLatencyMs.isFinite { return "last_latency_ms" }
        if !lastEnergyJ.isFinite { return "last_energy_mj" }
        if !coRunnerCPUUtilization.isFinite { return "corunner_cpu_util" }
        if !coRunnerGPUUtilization.isFinite { return "corunner_gpu_util" }
        if !instructionsPerCycle.isFinite { return "ipc" }
        if !cacheMisses.isFinite { return "cache_misses_m" }
        if !temperatureC.isFinite { return "temperature_c" }
        if !levelTop1Percent.isFinite { return "level_top1_percent" }
        return nil
    }
}
