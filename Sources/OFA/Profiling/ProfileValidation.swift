/// Does a per-layer profile predict end-to-end latency? For each sub-network: the sum of its layers in the
/// profile against the latency the engine really measures batch-1 end to end (`EndToEndLatency`), with the error.
///
/// Two sets: `test` (the nets evaluated, e.g. the 13 published library nets) and `fit` (other nets, e.g. random
/// ones) on which a correction for the bias of isolated-layer timing is fitted; the correction is never fitted on
/// the test set. Both sets are measured in the same interleaved passes, so machine drift hits them alike.
///
/// Both sides use the profile's clock (`LatencyClock`); the wall-clock end-to-end latency of the same runs is kept
/// beside it. The primary comparison pairs medians (sum of per-layer medians vs the median end-to-end run, robust on a shared
/// machine); the Dynamic-OFA convention (sum of per-layer means, what `LatencyTable` and `tandem search` use, vs the
/// mean end-to-end run) is reported beside it.
public struct ProfileValidation: Sendable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var config: SubnetConfig
        /// Sum of the layers' medians / means in the profile.
        public var predictedMedianMs: Double
        public var predictedMeanMs: Double
        /// End to end on the profile's clock, and the same runs on the wall clock.
        public var measured: LatencyStatistics
        public var measuredWall: LatencyStatistics

        /// (predicted − measured) / measured, percent, medians.
        public var errorPercent: Double { Self.percent(predictedMedianMs, measured.medianMs) }
        /// The same with means (the `LatencyTable` convention).
        public var meanErrorPercent: Double { Self.percent(predictedMeanMs, measured.meanMs) }
        /// Error of the corrected median prediction.
        public func correctedErrorPercent(_ correction: LatencyCorrection) -> Double {
            Self.percent(correction.correctedMs(predictedMedianMs), measured.medianMs)
        }

        static func percent(_ predicted: Double, _ measured: Double) -> Double {
            measured > 0 ? (predicted - measured) / measured * 100 : .nan
        }
    }

    public var test: [Row]
    public var fit: [Row]
    /// Fitted on `fit` only (medians): a constant per-frame overhead, and scale + offset.
    public var offsetCorrection: LatencyCorrection
    public var affineCorrection: LatencyCorrection

    public init(test: [Row], fit: [Row]) {
        self.test = test
        self.fit = fit
        let x = fit.map(\.predictedMedianMs)
        let y = fit.map(\.measured.medianMs)
        offsetCorrection = fit.isEmpty ? .identity : LatencyCorrection.fitOffset(predictedMs: x, measuredMs: y)
        affineCorrection = fit.isEmpty ? .identity : LatencyCorrection.fitAffine(predictedMs: x, measuredMs: y)
    }

    /// Mean and maximum of |error| over `rows`.
    public static func absoluteErrorSummary(_ errors: [Double]) -> (mean: Double, max: Double) {
        guard !errors.isEmpty else { return (.nan, .nan) }
        let magnitudes = errors.map(abs)
        return (magnitudes.reduce(0, +) / Double(magnitudes.count), magnitudes.max() ?? .nan)
    }

    /// Measures every net of `test` and `fit` on the engine and compares with `profile` (reference operating
    /// point). Throws when the profile lacks a net's resolution or layer.
    public static func run(
        profile: SupernetProfile, weights: SupernetWeights, test: [(name: String, config: SubnetConfig)],
        fit: [(name: String, config: SubnetConfig)], warmupCount: Int, repeatCount: Int, passes: Int, threads: Int,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ProfileValidation {
        let all = test + fit
        var predictions: [(median: Double, mean: Double)] = []
        for net in all {
            guard let median = profile.predictedLatencyMs(net.config, statistic: .median),
                  let mean = profile.predictedLatencyMs(net.config, statistic: .mean)
            else {
                throw LatencyTableError.resolutionNotCovered(resolution: net.config.r,
                                                             available: profile.settings.resolutions,
                                                             source: "profile (\(net.name))")
            }
            predictions.append((median, mean))
        }
        let measured = try EndToEndLatency.measure(configs: all.map(\.config), weights: weights,
                                                   warmupCount: warmupCount, repeatCount: repeatCount,
                                                   passes: passes, threads: threads, clock: profile.settings.clock,
                                                   progress: progress)
        let rows = all.indices.map { index in
            Row(name: all[index].name, config: all[index].config, predictedMedianMs: predictions[index].median,
                predictedMeanMs: predictions[index].mean, measured: measured.clock[index],
                measuredWall: measured.wall[index])
        }
        return ProfileValidation(test: Array(rows.prefix(test.count)), fit: Array(rows.dropFirst(test.count)))
    }
}
