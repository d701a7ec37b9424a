import Foundation

/// One sub-network of Dynamic-OFA's published runtime libraries (`nets_6`, `nets_7`; spec section 12), as exported
/// in the shared data's `library.json`: its config and what was measured on the Jetson Xavier NX.
public struct PublishedSubnet: Sendable, Equatable {
    /// `nets_6[0]` style: library name and index.
    public var name: String
    public var config: SubnetConfig
    /// Measured ImageNet top-1 after BN re-calibration, percent.
    public var top1Percent: Double
    /// Measured end-to-end latency (most likely GPU), milliseconds.
    public var latencyMs: Double
    /// The export's `derived` block (computed, not measured), where present.
    public var derivedMACs: Int?
    public var derivedParams: Int?
    public var derivedPredictorOutput: Double?
    public var derivedGPUTableSumMs: Double?
    public var derivedCPUTableSumMs: Double?

    /// Reads every net of every library in the file (13 in the shared export), libraries in name order.
    /// DOFA stores `r` as a one-element list; a plain integer is accepted too.
    public static func load(json url: URL) throws(SubnetLibraryError) -> [PublishedSubnet] {
        let source = url.path
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw .unreadable(source: source, problem: "not a JSON file")
        }
        guard let root = object as? [String: Any], let libraries = root["libraries"] as? [String: Any] else {
            throw .unreadable(source: source, problem: "no 'libraries' object")
        }
        var nets: [PublishedSubnet] = []
        for libraryName in libraries.keys.sorted() {
            guard let entries = libraries[libraryName] as? [[String: Any]] else {
                throw .unreadable(source: source, problem: "library '\(libraryName)' is not a list of nets")
            }
            for (position, entry) in entries.enumerated() {
                let index = (entry["index"] as? Int) ?? position
                let name = "\(libraryName)[\(index)]"
                nets.append(try parse(entry, name: name, source: source))
            }
        }
        return nets
    }

    static func parse(_ entry: [String: Any], name: String, source: String) throws(SubnetLibraryError) -> PublishedSubnet {
        guard let fields = entry["config"] as? [String: Any],
              let ks = fields["ks"] as? [Int], let e = fields["e"] as? [Int], let d = fields["d"] as? [Int]
        else { throw .unreadable(source: source, problem: "\(name): config lacks integer lists ks, e, d") }
        guard let r = (fields["r"] as? [Int])?.first ?? (fields["r"] as? Int) else {
            throw .unreadable(source: source, problem: "\(name): config lacks the resolution r")
        }
        let config: SubnetConfig
        do {
            config = try SubnetConfig(ks: ks, e: e, d: d, r: r)
        } catch {
            throw .unreadable(source: source, problem: "\(name): \(error)")
        }
        guard let top1 = (entry["top1_percent"] as? NSNumber)?.doubleValue,
              let latency = (entry["latency_ms"] as? NSNumber)?.doubleValue
        else { throw .unreadable(source: source, problem: "\(name): lacks numeric top1_percent or latency_ms") }
        let derived = entry["derived"] as? [String: Any] ?? [:]
        return PublishedSubnet(
            name: name, config: config, top1Percent: top1, latencyMs: latency,
            derivedMACs: (derived["macs"] as? NSNumber)?.intValue,
            derivedParams: (derived["params"] as? NSNumber)?.intValue,
            derivedPredictorOutput: (derived["acc_predictor_output"] as? NSNumber)?.doubleValue,
            derivedGPUTableSumMs: (derived["lut_sum_jetson_GPU"] as? NSNumber)?.doubleValue,
            derivedCPUTableSumMs: (derived["lut_sum_jetson_CPU"] as? NSNumber)?.doubleValue)
    }
}
