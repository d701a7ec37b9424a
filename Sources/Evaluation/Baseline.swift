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

    public static var allNames: [String] {
        GovernorBaseline.allCases.map(\.rawValue) + GovernorBaseline.allCases.map { $0.rawValue + "-static" }
            + ["dynamic-ofa", "oracle"]
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
        }
    }
}

extension Evaluator {
    /// The episode of one baseline.
    public func run(_ baseline: Baseline, cpuFloorKHz: Int) throws -> EpisodeRecord {
        switch baseline {
        case .governor(let governor): return try run(governor.controller(cpuFloorKHz: cpuFloorKHz))
        case .governorBestStatic(let governor): return try bestStatic(governor, cpuFloorKHz: cpuFloorKHz)
        case .dynamicOFA: return try run(DynamicOFAManager(cpuFloorKHz: cpuFloorKHz))
        case .oracle: return try run(OracleController())
        }
    }
}

extension Baseline {
    /// The controller of this baseline for one episode in any environment (the live backend included); nil for the
    /// best-static variants, which need many simulated episodes to choose their network.
    public func liveController(cpuFloorKHz: Int) -> (any EvaluatedController)? {
        switch self {
        case .governor(let governor): return governor.controller(cpuFloorKHz: cpuFloorKHz)
        case .governorBestStatic: return nil
        case .dynamicOFA: return DynamicOFAManager(cpuFloorKHz: cpuFloorKHz)
        case .oracle: return OracleController()
        }
    }
}
