import Dispatch
import Tensor

/// Times every layer of the supernet alone on this machine with the real engine kernels (`LayerRunner`), per
/// resolution, with warm-up runs and timed repetitions, and fills a `SupernetProfile`.
///
/// Work already present in the profile (a resumed run) is skipped, layer by layer. After each resolution (and every
/// `checkpointEvery` layers) `checkpoint` is called with the profile so far, so an interrupted run loses at most
/// that much work. Not thread-safe; runs on the calling thread (the kernels use `Threading.threadCount` threads).
public final class SupernetProfiler {
    /// Progress after each layer, for a progress bar.
    public struct Progress: Sendable, Equatable {
        /// Layers measured or skipped so far in this call, of `total`.
        public var done: Int
        public var total: Int
        /// Layers actually measured in this call (skipped ones excluded), and the seconds they took.
        public var measured: Int
        public var elapsedSeconds: Double
        public var resolution: Int
        public var layerName: String
        public var operatingPoint: String

        /// Remaining seconds at the measured pace (nil until something was measured).
        public var etaSeconds: Double? {
            guard measured > 0 else { return nil }
            return elapsedSeconds / Double(measured) * Double(total - done)
        }
    }

    public let settings: SupernetProfile.Settings
    /// Layers measured per checkpoint inside a resolution.
    public var checkpointEvery = 32
    /// Single-layer executions so far (warm-up and timed), for tests and reports.
    public private(set) var layerRunCount = 0

    private let runner: LayerRunner

    /// Prepares the engine's weights and buffers for the largest of `settings.resolutions`.
    public init(weights: SupernetWeights, settings: SupernetProfile.Settings) throws(ProfileError) {
        try Self.validate(settings)
        guard weights.architecture.width == settings.width else {
            throw .badSetting(option: "width", problem: "weights are \(weights.architecture.width), settings ask \(settings.width)")
        }
        self.settings = settings
        runner = try LayerRunner(weights: weights, maxResolution: settings.resolutions.max() ?? 224)
    }

    /// Checks resolutions (non-empty, distinct, within the engine's range), repeat ≥ 1, warm-up ≥ 0, threads ≥ 1.
    public static func validate(_ settings: SupernetProfile.Settings) throws(ProfileError) {
        guard !settings.resolutions.isEmpty else { throw .badResolutions("the list is empty") }
        guard Set(settings.resolutions).count == settings.resolutions.count else {
            throw .badResolutions("\(settings.resolutions) repeats a resolution")
        }
        if let bad = settings.resolutions.first(where: { !SubnetConfig.resolutionRange.contains($0) }) {
            throw .badResolutions("\(bad) is outside \(SubnetConfig.resolutionRange.lowerBound)...\(SubnetConfig.resolutionRange.upperBound)")
        }
        guard settings.repeatCount >= 1 else { throw .badSetting(option: "repeat", problem: "\(settings.repeatCount), expected at least 1") }
        guard settings.warmupCount >= 0 else { throw .badSetting(option: "warmup", problem: "\(settings.warmupCount), expected at least 0") }
        guard settings.threads >= 1 else { throw .badSetting(option: "threads", problem: "\(settings.threads), expected at least 1") }
    }

    /// Measures the missing layers of `profile` at `operatingPoint` (default: its reference), `layers` of every
    /// resolution (default: all 96). Returns the completed profile.
    public func profile(
        _ profile: SupernetProfile, operatingPoint: String? = nil, layers: [ProfiledLayer] = ProfiledLayer.all,
        probe: (any LayerProbe)? = nil, progress: (Progress) -> Void = { _ in },
        checkpoint: (SupernetProfile) throws -> Void = { _ in }
    ) throws -> SupernetProfile {
        var result = profile
        let point = operatingPoint ?? profile.referenceOperatingPoint
        if !result.operatingPoints.contains(point) { result.operatingPoints.append(point) }
        let savedThreads = Threading.threadCount
        Threading.threadCount = settings.threads
        defer { Threading.threadCount = savedThreads }

        let width = settings.width
        let total = settings.resolutions.count * layers.count
        var done = 0
        var measured = 0
        var sinceCheckpoint = 0
        var measuringSeconds = 0.0
        for resolution in settings.resolutions {
            let missing = layers.filter { result.measurement($0.key(resolution: resolution, width: width),
                                                              resolution: resolution, operatingPoint: point) == nil }
            done += layers.count - missing.count
            guard !missing.isEmpty else { continue }
            runner.prime(resolution: resolution)
            for layer in missing {
                let layerStart = DispatchTime.now().uptimeNanoseconds
                result.record(measure(layer, resolution: resolution, probe: probe), operatingPoint: point)
                measuringSeconds += Double(DispatchTime.now().uptimeNanoseconds - layerStart) / 1e9
                done += 1
                measured += 1
                sinceCheckpoint += 1
                progress(Progress(done: done, total: total, measured: measured, elapsedSeconds: measuringSeconds,
                                  resolution: resolution, layerName: layer.description, operatingPoint: point))
                if sinceCheckpoint >= checkpointEvery {
                    try checkpoint(result)
                    sinceCheckpoint = 0
                }
            }
            try checkpoint(result)
            sinceCheckpoint = 0
        }
        return result
    }

    /// Warm-up runs, then `repeatCount` individually timed runs of `layer` at the primed resolution.
    private func measure(_ layer: ProfiledLayer, resolution: Int, probe: (any LayerProbe)?) -> LayerMeasurement {
        for _ in 0..<settings.warmupCount { runner.run(layer) }
        var samples = [Double](repeating: 0, count: settings.repeatCount)
        probe?.begin()
        let spanStart = DispatchTime.now().uptimeNanoseconds
        for index in 0..<settings.repeatCount {
            let start = DispatchTime.now().uptimeNanoseconds
            runner.run(layer)
            samples[index] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        let spanSeconds = Double(DispatchTime.now().uptimeNanoseconds - spanStart) / 1e9
        let reading = probe?.end(runs: settings.repeatCount, elapsedSeconds: spanSeconds) ?? LayerProbeReading()
        layerRunCount += settings.warmupCount + settings.repeatCount
        return LayerMeasurement(key: layer.key(resolution: resolution, width: settings.width),
                                layerName: layer.description, resolution: resolution,
                                latency: LatencyStatistics(samplesMs: samples),
                                counters: reading.countersPerRun, powerW: reading.powerW)
    }
}
