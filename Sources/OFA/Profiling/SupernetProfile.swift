/// A per-layer latency profile of the supernet on one device: for each operating point, resolution and layer key,
/// what `tandem profile` measured. It may be partial (an interrupted run); `isComplete` says whether every layer of
/// every resolution of every operating point is there. Stored as `profile.h5` (`SupernetProfile+HDF5`), in the layout
/// `LatencyTable.load(profile:)` reads.
public struct SupernetProfile: Sendable {
    /// What the measurements depend on; `--resume` refuses to mix different settings in one file.
    public struct Settings: Sendable, Equatable {
        public var width: SupernetWidth
        public var resolutions: [Int]
        public var repeatCount: Int
        public var warmupCount: Int
        public var threads: Int
        /// `synthetic` or the weights file (latency does not depend on the values; recorded for people).
        public var weights: String
        /// The clock the latencies were measured with.
        public var clock: LatencyClock

        public init(width: SupernetWidth, resolutions: [Int], repeatCount: Int, warmupCount: Int, threads: Int,
                    weights: String, clock: LatencyClock = .wall) {
            self.width = width
            self.resolutions = resolutions
            self.repeatCount = repeatCount
            self.warmupCount = warmupCount
            self.threads = threads
            self.weights = weights
            self.clock = clock
        }
    }

    /// Device label (`host`, `xavier-nx`, …): the column name of the library and `LatencyTable.device`.
    public var device: String
    public var settings: Settings
    /// Operating-point labels in measurement order; the first is the reference table (`/tables`).
    public var operatingPoints: [String]
    /// Operating point → resolution → layer key → measurement.
    public var measurements: [String: [Int: [String: LayerMeasurement]]]
    /// Plain sentences about what was and was not measured (`counters`, `power`, `opp`).
    public var notes: [String: String]

    public init(device: String, settings: Settings, operatingPoints: [String],
                measurements: [String: [Int: [String: LayerMeasurement]]] = [:], notes: [String: String] = [:]) {
        self.device = device
        self.settings = settings
        self.operatingPoints = operatingPoints
        self.measurements = measurements
        self.notes = notes
    }

    /// The reference operating point (`/tables` of the file).
    public var referenceOperatingPoint: String { operatingPoints.first ?? "current" }

    /// The measurement of `key` at `resolution` and `operatingPoint`, if done.
    public func measurement(_ key: String, resolution: Int, operatingPoint: String) -> LayerMeasurement? {
        measurements[operatingPoint]?[resolution]?[key]
    }

    /// Stores a measurement (replacing one of the same key).
    public mutating func record(_ measurement: LayerMeasurement, operatingPoint: String) {
        measurements[operatingPoint, default: [:]][measurement.resolution, default: [:]][measurement.key] = measurement
    }

    /// Measurements held in all.
    public var measurementCount: Int {
        measurements.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } }
    }

    /// Whether every layer of every resolution at every operating point is measured.
    public var isComplete: Bool {
        let required = settings.resolutions.map { ($0, LatencyTableKeys.requiredKeys(resolution: $0, width: settings.width)) }
        return operatingPoints.allSatisfy { point in
            required.allSatisfy { resolution, keys in
                keys.allSatisfy { measurements[point]?[resolution]?[$0] != nil }
            }
        }
    }

    /// The Dynamic-OFA latency model of one operating point (mean per layer, spread = standard deviation, power);
    /// throws naming the first missing key when the profile is incomplete there.
    public func latencyTable(operatingPoint: String? = nil, source: String = "profile") throws(LatencyTableError)
        -> LatencyTable
    {
        let point = operatingPoint ?? referenceOperatingPoint
        var entries: [Int: [String: LatencyTable.Entry]] = [:]
        for resolution in settings.resolutions {
            var table: [String: LatencyTable.Entry] = [:]
            for (key, measurement) in measurements[point]?[resolution] ?? [:] {
                table[key] = LatencyTable.Entry(meanMs: measurement.latency.meanMs,
                                                spreadMs: measurement.latency.standardDeviationMs,
                                                powerW: measurement.powerW)
            }
            entries[resolution] = table
        }
        return try LatencyTable(device: device, width: settings.width, entries: entries, source: source)
    }

    /// Which per-layer statistic a prediction sums.
    public enum Statistic: String, Sendable, CaseIterable {
        case mean
        case median
    }

    /// The latency the profile predicts for `config`: the sum of its layers' `statistic` (nil when a layer or the
    /// resolution is missing).
    public func predictedLatencyMs(_ config: SubnetConfig, statistic: Statistic = .mean,
                                   operatingPoint: String? = nil) -> Double? {
        let point = operatingPoint ?? referenceOperatingPoint
        guard let table = measurements[point]?[config.r] else { return nil }
        var sum = 0.0
        for key in LatencyTableKeys.keys(for: config, width: settings.width) {
            guard let measurement = table[key] else { return nil }
            sum += statistic == .mean ? measurement.latency.meanMs : measurement.latency.medianMs
        }
        return sum
    }
}
