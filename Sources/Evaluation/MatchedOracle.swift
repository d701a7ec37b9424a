import Environment
import Foundation

/// The cheapest episode a model-knowing controller can run at a given accuracy and timeliness: the reference for
/// "how far is a controller from the best it could do at the same mean top-1 and miss rate".
///
/// `OracleController` ignores accuracy (it takes the cheapest level meeting the floor) and never risks a miss, so a
/// controller that keeps a higher top-1, or accepts some misses, is not comparable with it. This search runs
/// `PricedOracleController` (every episode from the evaluator's seed): for each miss price of a grid it bisects the
/// accuracy price for the cheapest episode whose mean top-1 reaches `minTop1Percent` (per frame, a higher accuracy
/// price can only choose a more accurate level, so the episode's top-1 rises with it), and keeps the least-energy
/// episode seen whose mean top-1 is at least `minTop1Percent` and whose miss rate is at most `maxMissRate`. It is a
/// per-frame (myopic) oracle with next-frame knowledge, as `OracleController` is: a reference for controllers that
/// act frame by frame, not a proof of optimality over whole episodes.
public struct MatchedOracle {
    /// Miss prices swept, J per expected miss: a geometric grid over the simulated boards' frame energies
    /// (0.3–3 J) and far beyond, and "never" (infinite).
    public static let missPricesJ: [Double] = geometric(from: 1e-3, to: 100, count: 16) + [.infinity]
    /// The accuracy price is bisected on a logarithmic scale between these bounds, J per top-1 point per frame
    /// ("a point is worth nothing" to "worth more than any frame's energy"); 0 is tried first.
    public static let accuracyPriceRangeJPerPoint = (low: 1e-5, high: 100.0)
    public static let bisectionSteps = 24

    /// What the search found: the episode, and the prices that produced it (nil when nothing was feasible).
    public struct Result: Sendable {
        public var record: EpisodeRecord
        public var accuracyPriceJPerPoint: Double?
        public var missPriceJ: Double?
        /// True when some episode met both constraints; otherwise `record` is the one closest to them (fewest
        /// misses, then highest top-1) and its name says "(infeasible)".
        public var feasible: Bool
    }

    public let evaluator: Evaluator

    public init(evaluator: Evaluator) { self.evaluator = evaluator }

    /// The least-energy priced-oracle episode found with mean top-1 ≥ `minTop1Percent` and miss rate ≤
    /// `maxMissRate`, named `name`.
    public func search(minTop1Percent: Double, maxMissRate: Double, name: String) throws -> Result {
        var best: (record: EpisodeRecord, energyJ: Double, accuracyPrice: Double, missPrice: Double)?
        var fallback: (record: EpisodeRecord, metrics: ControllerMetrics)?
        // Tolerances of a millionth absorb the rounding of means over a few hundred frames.
        func reachesTop1(_ metrics: ControllerMetrics) -> Bool { metrics.meanTop1Percent >= minTop1Percent - 1e-6 }
        func episode(accuracyPrice: Double, missPrice: Double) throws -> ControllerMetrics {
            let record = try evaluator.run(PricedOracleController(name: name, accuracyPriceJPerPoint: accuracyPrice,
                                                                  missPriceJ: missPrice))
            let metrics = record.metrics
            if reachesTop1(metrics) && metrics.missRate <= maxMissRate + 1e-6 {
                if metrics.energyJ < best?.energyJ ?? .infinity {
                    best = (record, metrics.energyJ, accuracyPrice, missPrice)
                }
            } else if let current = fallback?.metrics {
                let closer = metrics.missRate < current.missRate
                    || (metrics.missRate == current.missRate && metrics.meanTop1Percent > current.meanTop1Percent)
                if closer { fallback = (record, metrics) }
            } else {
                fallback = (record, metrics)
            }
            return metrics
        }
        for missPrice in Self.missPricesJ {
            if reachesTop1(try episode(accuracyPrice: 0, missPrice: missPrice)) { continue }
            var low = Foundation.log(Self.accuracyPriceRangeJPerPoint.low)
            var high = Foundation.log(Self.accuracyPriceRangeJPerPoint.high)
            guard reachesTop1(try episode(accuracyPrice: exp(high), missPrice: missPrice)) else { continue }
            for _ in 0..<Self.bisectionSteps {
                let middle = (low + high) / 2
                if reachesTop1(try episode(accuracyPrice: exp(middle), missPrice: missPrice)) {
                    high = middle
                } else {
                    low = middle
                }
            }
        }
        if let best {
            return Result(record: best.record, accuracyPriceJPerPoint: best.accuracyPrice, missPriceJ: best.missPrice,
                          feasible: true)
        }
        var record = fallback?.record ?? EpisodeRecord(controller: name)
        record.controller = name + " (infeasible)"
        return Result(record: record, accuracyPriceJPerPoint: nil, missPriceJ: nil, feasible: false)
    }

    static func geometric(from low: Double, to high: Double, count: Int) -> [Double] {
        let ratio = high / low
        return (0..<count).map { low * pow(ratio, Double($0) / Double(count - 1)) }
    }
}
