import Dispatch
import Tensor

/// Times every layer of the supernet alone on this machine with the real engine kernels (`LayerRunner`), per
/// resolution, with warm-up runs and timed repetitions, and fills a `SupernetProfile`.
///
/// Work already present in the profile (a resumed run) is skipped, layer by layer. The missing layers of a
/// resolution are measured in chunks of `checkpointEvery` layers (interleaved rounds, see `measure`); after each
/// chunk `checkpoint` is called with the profile so far, so an interrupted run loses at most one chunk. Not thread-safe; runs on the calling thread (the kernels use `settings.threads` threads, as the engine in
/// `tandem bench infer` does).
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
    /// Layers measured together in interleaved rounds, and between checkpoints.
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
        runner = try LayerRunner(weights: weights, maxResolution: settings.resolutions.max() ?? 224,
                                 threadCount: settings.threads)
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
        // As `tandem bench infer` runs the engine: its own kernels on `threads` threads, OpenBLAS single-threaded.
        let savedThreads = Threading.threadCount
        Threading.threadCount = 1
        defer { Threading.threadCount = savedThreads }

        let width = settings.width
        let total = settings.resolutions.count * layers.count
        var done = 0
        var measured = 0
        var measuringSeconds = 0.0
        for resolution in settings.resolutions {
            let missing = layers.filter { result.measurement($0.key(resolution: resolution, width: width),
                                                              resolution: resolution, operatingPoint: point) == nil }
            done += layers.count - missing.count
            guard !missing.isEmpty else { continue }
            runner.prime(resolution: resolution)
            var chunkStart = 0
            while chunkStart < missing.count {
                let chunk = Array(missing[chunkStart..<min(missing.count, chunkStart + max(1, checkpointEvery))])
                let start = DispatchTime.now().uptimeNanoseconds
                let measurements = measure(chunk, resolution: resolution, probe: probe)
                measuringSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                for (layer, measurement) in zip(chunk, measurements) {
                    result.record(measurement, operatingPoint: point)
                    done += 1
                    measured += 1
                    progress(Progress(done: done, total: total, measured: measured, elapsedSeconds: measuringSeconds,
                                      resolution: resolution, layerName: layer.description, operatingPoint: point))
                }
                try checkpoint(result)
                chunkStart += chunk.count
            }
        }
        return result
    }

    /// Measures `layers` in rounds: `warmupCount` untimed rounds, then `repeatCount` timed rounds, each round running
    /// every layer once in forward order. Interleaving spreads each layer's samples over the whole chunk, so a burst
    /// of load on a shared machine hits every layer a little instead of a few layers entirely, and each layer runs
    /// after a different one, with its weights no hotter in cache than in a whole forward pass.
    private func measure(_ layers: [ProfiledLayer], resolution: Int, probe: (any LayerProbe)?) -> [LayerMeasurement] {
        for _ in 0..<settings.warmupCount {
            for layer in layers { runner.run(layer) }
        }
        let clock = settings.clock
        var samples = [[Double]](repeating: [], count: layers.count)
        var counterSums = [[String: Double]](repeating: [:], count: layers.count)
        var powerSums = [Double](repeating: 0, count: layers.count)
        var powerCounts = [Int](repeating: 0, count: layers.count)
        for _ in 0..<settings.repeatCount {
            for (index, layer) in layers.enumerated() {
                probe?.begin()
                let start = clock.nowNs()
                runner.run(layer)
                let elapsedNs = clock.nowNs() - start
                samples[index].append(Double(elapsedNs) / 1e6)
                if let reading = probe?.end(runs: 1, elapsedSeconds: Double(elapsedNs) / 1e9) {
                    counterSums[index].merge(reading.countersPerRun, uniquingKeysWith: +)
                    if let power = reading.powerW {
                        powerSums[index] += power
                        powerCounts[index] += 1
                    }
                }
            }
        }
        layerRunCount += layers.count * (settings.warmupCount + settings.repeatCount)
        let runs = Double(settings.repeatCount)
        return layers.indices.map { index in
            LayerMeasurement(key: layers[index].key(resolution: resolution, width: settings.width),
                             layerName: layers[index].description, resolution: resolution,
                             latency: LatencyStatistics(samplesMs: samples[index]),
                             counters: counterSums[index].mapValues { $0 / runs },
                             powerW: powerCounts[index] > 0 ? powerSums[index] / Double(powerCounts[index]) : nil)
        }
    }
}
