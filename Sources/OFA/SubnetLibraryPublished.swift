#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        let object: JSONValue
        do {
            object = try JSONValue.read(url)
        } catch {
            throw .unreadable(source: source, problem: "not a JSON file")
        }
        guard let root = object.object, let libraries = root["libraries"]?.object else {
            throw .unreadable(source: source, problem: "no 'libraries' object")
        }
        var nets: [PublishedSubnet] = []
        for libraryName in libraries.keys.sorted() {
            guard let entries = libraries[libraryName]?.array?.compactMap(\.object),
                  entries.count == libraries[libraryName]?.array?.count
            else {
                throw .unreadable(source: source, problem: "library '\(libraryName)' is not a list of nets")
            }
            for (position, entry) in entries.enumerated() {
                let index = entry["index"]?.int ?? position
                let name = "\(libraryName)[\(index)]"
                nets.append(try parse(entry, name: name, source: source))
            }
        }
        return nets
    }

    static func parse(_ entry: [String: JSONValue], name: String, source: String) throws(SubnetLibraryError) -> PublishedSubnet {
        guard let fields = entry["config"]?.object,
              let ks = fields["ks"]?.intArray, let e = fields["e"]?.intArray, let d = fields["d"]?.intArray
        else { throw .unreadable(source: source, problem: "\(name): config lacks integer lists ks, e, d") }
        guard let r = fields["r"]?.intArray?.first ?? fields["r"]?.int else {
            throw .unreadable(source: source, problem: "\(name): config lacks the resolution r")
        }
        let config: SubnetConfig
        do {
            config = try SubnetConfig(ks: ks, e: e, d: d, r: r)
        } catch {
            throw .unreadable(source: source, problem: "\(name): \(error)")
        }
        guard let top1 = entry["top1_percent"]?.double,
              let latency = entry["latency_ms"]?.double
        else { throw .unreadable(source: source, problem: "\(name): lacks numeric top1_percent or latency_ms") }
        let derived = entry["derived"]?.object ?? [:]
        return PublishedSubnet(
            name: name, config: config, top1Percent: top1, latencyMs: latency,
            derivedMACs: derived["macs"]?.double.flatMap { Int(exactly: $0.rounded(.towardZero)) },
            derivedParams: derived["params"]?.double.flatMap { Int(exactly: $0.rounded(.towardZero)) },
            derivedPredictorOutput: derived["acc_predictor_output"]?.double,
            derivedGPUTableSumMs: derived["lut_sum_jetson_GPU"]?.double,
            derivedCPUTableSumMs: derived["lut_sum_jetson_CPU"]?.double)
    }
}
