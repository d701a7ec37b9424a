/// An affine map from the accuracy predictor's output (a fraction on OFA's holdout subset of ImageNet *train*)
/// to ImageNet-val top-1 in percent: `top1Percent = slope · predicted + interceptPercent`.
///
/// The predictor is optimistic by 5–7 points against measured top-1 (spec section 10), though it ranks nets well;
/// the correction is fitted by least squares to the 13 published Dynamic-OFA library nets.
public struct AccuracyCorrection: Sendable, Equatable, CustomStringConvertible {
    /// Percent per unit of predicted fraction.
    public var slope: Double
    public var interceptPercent: Double
    /// Where the coefficients come from.
    public var source: String

    public init(slope: Double, interceptPercent: Double, source: String) {
        self.slope = slope
        self.interceptPercent = interceptPercent
        self.source = source
    }

    /// Corrected top-1 (percent) of a predicted fraction.
    public func top1Percent(predicted: Double) -> Double {
        slope * predicted + interceptPercent
    }

    /// Least-squares fit of `measured ≈ slope · predicted + intercept` (needs two distinct predictions).
    public static func fit(predicted: [Double], measuredPercent: [Double], source: String) -> AccuracyCorrection? {
        let count = Double(predicted.count)
        guard predicted.count == measuredPercent.count, predicted.count >= 2 else { return nil }
        let meanX = predicted.reduce(0, +) / count
        let meanY = measuredPercent.reduce(0, +) / count
        var sxx = 0.0
        var sxy = 0.0
        for (x, y) in zip(predicted, measuredPercent) {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return AccuracyCorrection(slope: slope, interceptPercent: meanY - slope * meanX, source: source)
    }

    /// THE correction Tandem uses (one table, source beside it).
    ///
    /// Source: Dynamic-OFA's published libraries `nets_6` + `nets_7` (UoS-EEC/DynamicOFA,
    /// `runtime_demo/runtime_adjustment/nets_{6,7}.pickle`; the shared data's `dynamic-ofa/library.json`): measured
    /// ImageNet top-1 (%) of the 13 nets after BN re-calibration against the OFA tutorial predictor's output
    /// for the same configs. Least squares over all 13 (the three configs that appear in both libraries count
    /// twice, once per measurement): RMS residual 0.57 points, worst 0.98 points. Re-fitted by
    /// `AccuracyCorrectionTests` from the shared data.
    public static let dynamicOFALibrary = AccuracyCorrection(
        slope: 79.4166, interceptPercent: 11.2417,
        source: "least squares over the 13 Dynamic-OFA library nets (DOFA library.json: measured ImageNet top-1 vs "
            + "OFA tutorial predictor output)")

    public var description: String {
        "top1% = \(slope) · predicted + \(interceptPercent) (\(source))"
    }
}
