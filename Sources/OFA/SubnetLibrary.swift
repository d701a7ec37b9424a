#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The sub-network library: the few Pareto-optimal sub-networks a runtime switches between (Dynamic-OFA's
/// "levels"), each with its accuracy, latency per device, MACs and parameters. Built by `tandem search`
/// (`SubnetLibrary(searchResult:…)`) or from Dynamic-OFA's published libraries (`published(json:…)`);
/// stored as `library.h5` (`write(to:)`, `load(path:)`; layout in `SubnetLibraryFile.swift` and the README).
/// Consumed by RuntimeEnv, the policy file and tandemd.
public struct SubnetLibrary: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        /// A label: `nets_6[0]` for published nets, `level3` for searched ones.
        public var name: String
        public var config: SubnetConfig
        /// The accuracy predictor's raw output (a fraction), where a predictor was given.
        public var predictedAccuracy: Double?
        /// `predictedAccuracy` through the library's `AccuracyCorrection` (percent).
        public var correctedTop1Percent: Double?
        /// Measured ImageNet top-1 (percent) where the config is a published one (mean over its measurements).
        public var measuredTop1Percent: Double?
        /// Lookup-table latency per device (`gpu`, `cpu`, …) at the table's operating point (Dynamic-OFA's
        /// tables: the Jetson Xavier NX at maximum clocks), milliseconds.
        public var latencyMs: [String: Double]
        /// Per device, per operating point label: lookup-table latency where a profile held tables per OPP.
        public var latencyByOperatingPointMs: [String: [String: Double]]
        /// Measured end-to-end latency per device where known (the published nets: GPU), milliseconds.
        public var measuredLatencyMs: [String: Double]
        public var macs: Int
        public var params: Int

        /// The accuracy to plan with: measured where known, else the corrected prediction, else NaN.
        public var top1Percent: Double {
            measuredTop1Percent ?? correctedTop1Percent ?? .nan
        }

        public init(name: String, config: SubnetConfig, predictedAccuracy: Double?, correctedTop1Percent: Double?,
                    measuredTop1Percent: Double?, latencyMs: [String: Double],
                    latencyByOperatingPointMs: [String: [String: Double]] = [:],
                    measuredLatencyMs: [String: Double] = [:], macs: Int, params: Int) {
            self.name = name
            self.config = config
            self.predictedAccuracy = predictedAccuracy
            self.correctedTop1Percent = correctedTop1Percent
            self.measuredTop1Percent = measuredTop1Percent
            self.latencyMs = latencyMs
            self.latencyByOperatingPointMs = latencyByOperatingPointMs
            self.measuredLatencyMs = measuredLatencyMs
            self.macs = macs
            self.params = params
        }
    }

    public var levels: [Level]
    /// The supernet the configs index (`ofa_mbv3_d234_e346_k357_w1.2` for Dynamic-OFA's data).
    public var width: SupernetWidth
    public var accuracyCorrection: AccuracyCorrection
    /// How the library was made (command, seed, input files), free text.
    public var provenance: String

    public init(levels: [Level], width: SupernetWidth, accuracyCorrection: AccuracyCorrection, provenance: String) {
        self.levels = levels
        self.width = width
        self.accuracyCorrection = accuracyCorrection
        self.provenance = provenance
    }

    /// Devices with a latency for every level, sorted.
    public var devices: [String] {
        guard let first = levels.first else { return [] }
        return first.latencyMs.keys.filter { device in levels.allSatisfy { $0.latencyMs[device] != nil } }.sorted()
    }

    /// A library of `configs`, scored with the predictor, the correction and the latency tables (one per device),
    /// MACs/params from `Complexity`, and measured values attached where a config equals a published one.
    public static func build(configs: [(name: String, config: SubnetConfig)], predictor: AccuracyPredictor?,
                             tables: [LatencyTable], published: [PublishedSubnet] = [],
                             correction: AccuracyCorrection = .dynamicOFALibrary, width: SupernetWidth = .w1_2,
                             provenance: String) throws(LatencyTableError) -> SubnetLibrary {
        let predictions = predictor?.predict(configs.map(\.config))
        let architecture = SupernetArchitecture.of(width)
        var levels: [Level] = []
        for (index, entry) in configs.enumerated() {
            var latency: [String: Double] = [:]
            for table in tables { latency[table.device] = try table.latencyMs(entry.config) }
            let matches = published.filter { $0.config == entry.config }
            let measuredTop1 = matches.isEmpty ? nil : matches.map(\.top1Percent).reduce(0, +) / Double(matches.count)
            // Dynamic-OFA's recorded latencies are whole-network GPU timings (spec section 11).
            let measuredLatency = matches.isEmpty ? [:]
                : ["gpu": matches.map(\.latencyMs).reduce(0, +) / Double(matches.count)]
            let complexity = architecture.complexity(of: entry.config)
            let predicted = predictions?[index]
            levels.append(Level(name: entry.name, config: entry.config, predictedAccuracy: predicted,
                                correctedTop1Percent: predicted.map { correction.top1Percent(predicted: $0) },
                                measuredTop1Percent: measuredTop1, latencyMs: latency,
                                measuredLatencyMs: measuredLatency, macs: complexity.macs, params: complexity.parameters))
        }
        return SubnetLibrary(levels: levels, width: width, accuracyCorrection: correction, provenance: provenance)
    }

    /// Dynamic-OFA's published library nets (the shared data's `library.json`: 13 nets in `nets_6` and `nets_7`),
    /// each with its own measured top-1 and GPU latency, scored with the predictor and tables when given.
    /// `libraries` picks some of them (e.g. `["nets_7"]`); nil keeps all, in file order.
    public static func published(json url: URL, libraries: Set<String>? = nil, predictor: AccuracyPredictor? = nil,
                                 tables: [LatencyTable] = []) throws -> SubnetLibrary {
        let nets = try PublishedSubnet.load(json: url).filter { net in
            libraries.map { names in names.contains { net.name.hasPrefix($0 + "[") } } ?? true
        }
        var library = try build(configs: nets.map { ($0.name, $0.config) }, predictor: predictor, tables: tables,
                                provenance: "Dynamic-OFA published libraries from \(url.path)")
        // Each published net carries its own measurement (the same config differs between nets_6 and nets_7).
        for (index, net) in nets.enumerated() {
            library.levels[index].measuredTop1Percent = net.top1Percent
            library.levels[index].measuredLatencyMs = ["gpu": net.latencyMs]
        }
        return library
    }
}
