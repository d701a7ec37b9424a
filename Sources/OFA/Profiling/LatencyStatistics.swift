/// Summary of repeated latency samples: mean, median, 10th/90th percentiles (nearest rank) and the sample standard
/// deviation. The median and the p10–p90 band are what a loaded machine reports honestly; the mean is what the
/// Dynamic-OFA tables hold (`mean_ms`).
public struct LatencyStatistics: Sendable, Equatable {
    public var count: Int
    public var meanMs: Double
    public var medianMs: Double
    public var p10Ms: Double
    public var p90Ms: Double
    /// Sample standard deviation (n − 1); 0 for one sample.
    public var standardDeviationMs: Double

    public init(count: Int, meanMs: Double, medianMs: Double, p10Ms: Double, p90Ms: Double, standardDeviationMs: Double) {
        self.count = count
        self.meanMs = meanMs
        self.medianMs = medianMs
        self.p10Ms = p10Ms
        self.p90Ms = p90Ms
        self.standardDeviationMs = standardDeviationMs
    }

    /// Summarises `samplesMs` (at least one sample; an empty list gives all zeros).
    public init(samplesMs: [Double]) {
        let sorted = samplesMs.sorted()
        let n = sorted.count
        guard n > 0 else {
            self.init(count: 0, meanMs: 0, medianMs: 0, p10Ms: 0, p90Ms: 0, standardDeviationMs: 0)
            return
        }
        let mean = sorted.reduce(0, +) / Double(n)
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        let variance = n > 1 ? sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1) : 0
        self.init(count: n, meanMs: mean, medianMs: median,
                  p10Ms: Self.nearestRank(sorted, 0.10), p90Ms: Self.nearestRank(sorted, 0.90),
                  standardDeviationMs: variance.squareRoot())
    }

    /// The nearest-rank percentile of ascending `sorted`: element ⌈p·n⌉ (1-based), at least the first.
    static func nearestRank(_ sorted: [Double], _ p: Double) -> Double {
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
