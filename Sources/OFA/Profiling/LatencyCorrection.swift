/// A correction from the sum of isolated layer latencies to end-to-end latency, fitted on sub-networks that are
/// NOT the ones it is evaluated on: `measured ≈ scale · predicted + offsetMs`.
///
/// Isolated layers run with their weights and inputs hot in cache and without the hand-over between layers; a
/// whole forward pass pays for both, so the raw sum is biased low on a CPU. The constant `offsetMs` is the per-frame
/// overhead; `scale` the share of cache misses that grows with the work.
public struct LatencyCorrection: Sendable, Equatable {
    public var scale: Double
    public var offsetMs: Double
    /// How it was fitted, for people (`offset only, 10 random sub-networks`).
    public var method: String

    public init(scale: Double, offsetMs: Double, method: String) {
        self.scale = scale
        self.offsetMs = offsetMs
        self.method = method
    }

    public static let identity = LatencyCorrection(scale: 1, offsetMs: 0, method: "none")

    public func correctedMs(_ predictedMs: Double) -> Double { scale * predictedMs + offsetMs }

    /// The constant per-frame overhead: the mean of (measured − predicted).
    public static func fitOffset(predictedMs: [Double], measuredMs: [Double]) -> LatencyCorrection {
        let n = Double(max(1, predictedMs.count))
        let offset = zip(measuredMs, predictedMs).reduce(0) { $0 + $1.0 - $1.1 } / n
        return LatencyCorrection(scale: 1, offsetMs: offset, method: "constant offset, \(predictedMs.count) sub-networks")
    }

    /// Least squares for scale and offset (falls back to the offset fit when the predictions do not vary).
    public static func fitAffine(predictedMs: [Double], measuredMs: [Double]) -> LatencyCorrection {
        let n = Double(predictedMs.count)
        guard n >= 2 else { return fitOffset(predictedMs: predictedMs, measuredMs: measuredMs) }
        let meanX = predictedMs.reduce(0, +) / n
        let meanY = measuredMs.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        for (x, y) in zip(predictedMs, measuredMs) {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        guard sxx > 1e-12 else { return fitOffset(predictedMs: predictedMs, measuredMs: measuredMs) }
        let scale = sxy / sxx
        return LatencyCorrection(scale: scale, offsetMs: meanY - scale * meanX,
                                 method: "least-squares scale and offset, \(predictedMs.count) sub-networks")
    }
}
