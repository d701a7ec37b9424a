import HDF5

/// Scalar metrics of a training run, CleanRL's names and Tandem's (`charts/episodic_return`, `charts/SPS`,
/// `charts/episodic_energy_j`, `charts/miss_rate`, `charts/latency_p99_ms`, `losses/td_loss`, ...), each a series of
/// (global step, value). Saved as HDF5 (`format` = `tandem.metrics`): one group per name, e.g.
/// `/charts/episodic_return/{step, value}`, so `h5py` reads a curve as `f["charts/episodic_return/value"][:]`.
public struct MetricsLog: Equatable, Sendable {
    public static let format = "tandem.metrics"
    public static let version = 1

    public private(set) var series: [String: (steps: [Int], values: [Double])] = [:]

    public init() {}

    public mutating func record(_ name: String, _ value: Double, step: Int) {
        series[name, default: ([], [])].steps.append(step)
        series[name, default: ([], [])].values.append(value)
    }

    /// Drops every entry after `step` (a resumed run repeats what came after its checkpoint).
    public mutating func truncate(after step: Int) {
        for (name, entry) in series {
            let keep = entry.steps.firstIndex { $0 > step } ?? entry.steps.count
            series[name] = (Array(entry.steps.prefix(keep)), Array(entry.values.prefix(keep)))
        }
    }

    /// The values recorded under `name` (empty when none).
    public func values(_ name: String) -> [Double] { series[name]?.values ?? [] }

    public static func == (lhs: MetricsLog, rhs: MetricsLog) -> Bool {
        lhs.series.keys == rhs.series.keys && lhs.series.allSatisfy { name, entry in
            rhs.series[name].map { $0.steps == entry.steps && $0.values == entry.values } ?? false
        }
    }

    /// Writes the log atomically, with `attributes` (run description) at the root.
    public func write(to path: String, attributes: [String: String] = [:]) throws {
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", MetricsLog.format)
            try root.setAttribute("version", MetricsLog.version)
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(key, value) }
            for (name, entry) in series.sorted(by: { $0.key < $1.key }) {
                var group = root
                for component in name.split(separator: "/").map(String.init) {
                    group = group.contains(component) ? try group.group(component) : try group.createGroup(component)
                }
                _ = try group.write("step", entry.steps, shape: [entry.steps.count])
                _ = try group.write("value", entry.values, shape: [entry.values.count])
            }
        }
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let file: String
        public var description: String { "\(file): not a Tandem metrics log (root attribute format is not '\(MetricsLog.format)')" }
    }

    /// Reads a log written by `write`.
    public static func read(from path: String) throws -> MetricsLog {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        guard try file.root.stringAttribute("format") == format else { throw FormatError(file: path) }
        var log = MetricsLog()
        func visit(_ group: HDF5Group, prefix: String) throws {
            let children = try group.children()
            if children.contains("step"), children.contains("value"), try group.kind(of: "step") == .dataset {
                log.series[prefix] = (try group.read("step", as: Int.self).values, try group.readDoubles("value"))
                return
            }
            for child in children where try group.kind(of: child) == .group {
                try visit(try group.group(child), prefix: prefix.isEmpty ? child : prefix + "/" + child)
            }
        }
        try visit(file.root, prefix: "")
        return log
    }
}
