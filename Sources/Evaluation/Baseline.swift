/// The baselines `tandem evaluate --baselines` accepts, parsed from their names.
public enum Baseline: Equatable, Sendable, CustomStringConvertible {
    /// A governor pair with the largest sub-network meeting the floor (`schedutil`, `ondemand`, `performance`, ...).
    case governor(GovernorBaseline)
    /// The same governor pair with the best static sub-network for the scenario (`schedutil-static`, ...).
    case governorBestStatic(GovernorBaseline)
    /// Dynamic-OFA's runtime manager on top of schedutil.
    case dynamicOFA
    /// The model-knowing lower bound.
    case oracle
    /// `oracle@NAME`: the cheapest model-knowing episode at the mean top-1 and miss rate of the controller `NAME`
    /// evaluated before it (`MatchedOracle`), within the paper bar's tolerances: top-1 at most
    /// `MatchedOracleTolerance.top1Points` lower, miss rate at most `MatchedOracleTolerance.missRate` higher.
    /// `oracle@dynamic-ofa` is therefore the best any frame-by-frame controller can do under the bar against
    /// Dynamic-OFA; `oracle@policy` is the fair distance of a policy from the oracle.
    case matchedOracle(reference: String)

    public static var allNames: [String] {
        GovernorBaseline.allCases.map(\.rawValue) + GovernorBaseline.allCases.map { $0.rawValue + "-static" }
            + ["dynamic-ofa", "oracle", "oracle@NAME"]
    }

    /// The baseline called `name`, or nil.
    public init?(name: String) {
        if let governor = GovernorBaseline(rawValue: name) {
            self = .governor(governor)
        } else if name.hasSuffix("-static"), let governor = GovernorBaseline(rawValue: String(name.dropLast(7))) {
            self = .governorBestStatic(governor)
        } else if name == "dynamic-ofa" {
            self = .dynamicOFA
        } else if name == "oracle" {
            self = .oracle
        } else if name.hasPrefix("oracle@"), name.count > 7 {
            self = .matchedOracle(reference: String(name.dropFirst(7)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .governor(let g): return g.rawValue
        case .governorBestStatic(let g): return g.rawValue + "-static"
        case .dynamicOFA: return "dynamic-ofa"
        case .oracle: return "oracle"
        case .matchedOracle(let reference): return "oracle@" + reference
        }
    }
}

/// The tolerances of `oracle@NAME`: those of the paper bar (issue #6), so `oracle@dynamic-ofa` is exactly "the best
/// any controller could do and still pass the bar against Dynamic-OFA".
public enum MatchedOracleTolerance {
    public static let top1Points = 0.5
    public static let missRate = 0.005
}

/// `oracle@NAME` asked for a controller that was not evaluated before it.
public struct MatchedOracleReferenceMissing: Error, CustomStringConvertible {
    public let reference: String
    public let evaluated: [String]
    public var description: String {
        "baseline oracle@\(reference): no controller named \(reference) was evaluated before it (evaluated: "
            + (evaluated.isEmpty ? "none" : evaluated.joined(separator: ", ")) + "); list it earlier"
    }
}

extension Evaluator {
    /// The episode of one baseline. `earlier` holds the episodes already run in this evaluation, where
    /// `oracle@NAME` finds its reference.
    public func run(_ baseline: Baseline, cpuFloorKHz: Int, earlier: [EpisodeRecord] = []) throws -> EpisodeRecord {
        switch baseline {
        case .governor(let governor): return try run(governor.controller(cpuFloorKHz: cpuFloorKHz))
        case .governorBestStatic(let governor): return try bestStatic(governor, cpuFloorKHz: cpuFloorKHz)
        case .dynamicOFA: return try run(DynamicOFAManager(cpuFloorKHz: cpuFloorKHz))
        case .oracle: return try run(OracleController())
        case .matchedOracle(let reference):
            guard let match = earlier.last(where: { $0.controller == reference }) else {
                throw MatchedOracleReferenceMissing(reference: reference, evaluated: earlier.map(\.controller))
            }
            let metrics = match.metrics
            return try MatchedOracle(evaluator: self).search(
                minTop1Percent: metrics.meanTop1Percent - MatchedOracleTolerance.top1Points,
                maxMissRate: metrics.missRate + MatchedOracleTolerance.missRate,
                name: baseline.description).record
        }
    }
}

extension Baseline {
    /// The controller of this baseline for one episode in any environment (the live backend included); nil for the
    /// best-static variants and `oracle@NAME`, which need many simulated episodes.
    public func liveController(cpuFloorKHz: Int) -> (any EvaluatedController)? {
        switch self {
        case .governor(let governor): return governor.controller(cpuFloorKHz: cpuFloorKHz)
        case .governorBestStatic: return nil
        case .dynamicOFA: return DynamicOFAManager(cpuFloorKHz: cpuFloorKHz)
        case .oracle: return OracleController()
        case .matchedOracle: return nil
        }
    }
}
