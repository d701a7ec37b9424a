#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HDF5

/// `library.h5`: one row per level, columns as datasets (h5py-friendly):
///
/// ```
/// /  format = "tandem.library", version = 1, width ("1.0" | "1.2"), devices [strings], provenance,
///    accuracy_correction_slope, accuracy_correction_intercept_percent, accuracy_correction_source
/// names [N] strings · ks [N,20] · e [N,20] · d [N,5] · r [N] (int64; OFA's config)
/// predicted_accuracy [N] (fraction) · corrected_top1_percent [N] · measured_top1_percent [N] · top1_percent [N]
///                                     (float64, NaN = unknown; top1_percent = measured, else corrected)
/// macs [N] · params [N] (int64)
/// latency_ms/{device} [N]                    lookup-table latency at the table's operating point (float64)
/// latency_by_opp_ms/{device}/{label} [N]     optional, per operating point
/// measured_latency_ms/{device} [N]           optional, NaN where not measured
/// ```
extension SubnetLibrary {
    public static let fileFormat = "tandem.library"
    public static let fileVersion = 1

    /// Writes the library atomically; it needs at least one level and one device with a latency for every level.
    public func write(to path: String) throws {
        let count = levels.count
        guard count > 0 else { throw SubnetLibraryError.invalid(source: path, field: "names", problem: "would be empty") }
        guard !devices.isEmpty else {
            throw SubnetLibraryError.invalid(source: path, field: "latency_ms",
                                             problem: "would hold no device: build the library with a latency table")
        }
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", Self.fileFormat)
            try root.setAttribute("version", Self.fileVersion)
            try root.setAttribute("width", width.rawValue)
            try root.setAttribute("devices", devices)
            try root.setAttribute("provenance", provenance)
            try root.setAttribute("accuracy_correction_slope", accuracyCorrection.slope)
            try root.setAttribute("accuracy_correction_intercept_percent", accuracyCorrection.interceptPercent)
            try root.setAttribute("accuracy_correction_source", accuracyCorrection.source)
            _ = try root.writeStrings("names", levels.map(\.name), shape: [count])
            _ = try root.write("ks", levels.flatMap(\.config.ks), shape: [count, SubnetConfig.elasticBlockCount])
            _ = try root.write("e", levels.flatMap(\.config.e), shape: [count, SubnetConfig.elasticBlockCount])
            _ = try root.write("d", levels.flatMap(\.config.d), shape: [count, SubnetConfig.stageCount])
            _ = try root.write("r", levels.map(\.config.r), shape: [count])
            _ = try root.write("predicted_accuracy", levels.map { $0.predictedAccuracy ?? .nan }, shape: [count])
            _ = try root.write("corrected_top1_percent", levels.map { $0.correctedTop1Percent ?? .nan }, shape: [count])
            _ = try root.write("measured_top1_percent", levels.map { $0.measuredTop1Percent ?? .nan }, shape: [count])
            _ = try root.write("top1_percent", levels.map(\.top1Percent), shape: [count])
            _ = try root.write("macs", levels.map(\.macs), shape: [count])
            _ = try root.write("params", levels.map(\.params), shape: [count])
            let latency = try root.createGroup("latency_ms")
            for device in devices {
                _ = try latency.write(device, levels.map { $0.latencyMs[device] ?? .nan }, shape: [count])
            }
            let measuredDevices = Set(levels.flatMap(\.measuredLatencyMs.keys)).sorted()
            if !measuredDevices.isEmpty {
                let measured = try root.createGroup("measured_latency_ms")
                for device in measuredDevices {
                    _ = try measured.write(device, levels.map { $0.measuredLatencyMs[device] ?? .nan }, shape: [count])
                }
            }
            let oppDevices = Set(levels.flatMap(\.latencyByOperatingPointMs.keys)).sorted()
            if !oppDevices.isEmpty {
                let byOPP = try root.createGroup("latency_by_opp_ms")
                for device in oppDevices {
                    let group = try byOPP.createGroup(device)
                    let labels = Set(levels.flatMap { $0.latencyByOperatingPointMs[device]?.keys ?? [:].keys }).sorted()
                    for label in labels {
                        _ = try group.write(label, levels.map { $0.latencyByOperatingPointMs[device]?[label] ?? .nan },
                                            shape: [count])
                    }
                }
            }
        }
    }

    /// Reads and validates a library file: format and version, one row per level in every column, valid configs,
    /// finite positive latencies, accuracies within 0…100 % (or unknown). Errors name the file and the field.
    public static func load(path: String) throws(SubnetLibraryError) -> SubnetLibrary {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            return try read(file.root, source: path)
        } catch let error as SubnetLibraryError {
            throw error
        } catch {
            throw .unreadable(source: path, problem: "\(error)")
        }
    }

    static func read(_ root: HDF5Group, source: String) throws -> SubnetLibrary {
        func invalid(_ field: String, _ problem: String) -> SubnetLibraryError {
            .invalid(source: source, field: field, problem: problem)
        }
        guard case .string(let format)? = try root.attribute("format"), format == fileFormat else {
            throw SubnetLibraryError.unreadable(source: source, problem: "not a Tandem library (attribute format is not \"\(fileFormat)\")")
        }
        guard case .int(let version)? = try root.attribute("version"), version == fileVersion else {
            throw invalid("version", "is not \(fileVersion)")
        }
        guard case .string(let widthText)? = try root.attribute("width"), let width = SupernetWidth(parsing: widthText) else {
            throw invalid("width", "is missing or not 1.0/1.2")
        }
        let names = try root.readStrings("names")
        let count = names.count
        guard count > 0 else { throw invalid("names", "is empty: a library needs at least one level") }
        func column<T: HDF5Scalar>(_ name: String, _ type: T.Type, width: Int? = nil, in group: HDF5Group? = nil) throws -> [T] {
            let array = try (group ?? root).read(name, as: T.self)
            let expected = width.map { [count, $0] } ?? [count]
            guard array.shape == expected else {
                throw invalid(name, "has shape \(array.shape), expected \(expected)")
            }
            return array.values
        }
        let ks = try column("ks", Int.self, width: SubnetConfig.elasticBlockCount)
        let e = try column("e", Int.self, width: SubnetConfig.elasticBlockCount)
        let d = try column("d", Int.self, width: SubnetConfig.stageCount)
        let r = try column("r", Int.self)
        let predicted = try column("predicted_accuracy", Double.self)
        let corrected = try column("corrected_top1_percent", Double.self)
        let measured = try column("measured_top1_percent", Double.self)
        let macs = try column("macs", Int.self)
        let params = try column("params", Int.self)
        for (field, values) in [("predicted_accuracy", predicted.map { $0 * 100 }), ("corrected_top1_percent", corrected),
                                ("measured_top1_percent", measured)] {
            if let bad = values.firstIndex(where: { !$0.isNaN && !(0...100).contains($0) }) {
                throw invalid("\(field)[\(bad)]", "is \(values[bad]) %, outside 0…100")
            }
        }
        let latencyGroup = try root.group("latency_ms")
        var latency: [String: [Double]] = [:]
        for device in try latencyGroup.children() {
            let values = try column(device, Double.self, in: latencyGroup)
            if let bad = values.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw invalid("latency_ms/\(device)[\(bad)]", "is \(values[bad]), expected a positive latency")
            }
            latency[device] = values
        }
        guard !latency.isEmpty else { throw invalid("latency_ms", "holds no device") }
        var measuredLatency: [String: [Double]] = [:]
        if root.contains("measured_latency_ms") {
            let group = try root.group("measured_latency_ms")
            for device in try group.children() { measuredLatency[device] = try column(device, Double.self, in: group) }
        }
        var byOPP: [String: [String: [Double]]] = [:]
        if root.contains("latency_by_opp_ms") {
            let group = try root.group("latency_by_opp_ms")
            for device in try group.children() {
                let deviceGroup = try group.group(device)
                for label in try deviceGroup.children() {
                    byOPP[device, default: [:]][label] = try column(label, Double.self, in: deviceGroup)
                }
            }
        }
        var levels: [Level] = []
        for index in 0..<count {
            let k = SubnetConfig.elasticBlockCount, s = SubnetConfig.stageCount
            let config: SubnetConfig
            do {
                config = try SubnetConfig(ks: Array(ks[index * k..<(index + 1) * k]), e: Array(e[index * k..<(index + 1) * k]),
                                          d: Array(d[index * s..<(index + 1) * s]), r: r[index])
            } catch {
                throw invalid("level \(index) (\(names[index])) config", "is invalid: \(error)")
            }
            func known(_ value: Double) -> Double? { value.isNaN ? nil : value }
            levels.append(Level(
                name: names[index], config: config, predictedAccuracy: known(predicted[index]),
                correctedTop1Percent: known(corrected[index]), measuredTop1Percent: known(measured[index]),
                latencyMs: latency.mapValues { $0[index] },
                latencyByOperatingPointMs: byOPP.mapValues { $0.compactMapValues { known($0[index]) } }.filter { !$0.value.isEmpty },
                measuredLatencyMs: measuredLatency.compactMapValues { known($0[index]) },
                macs: macs[index], params: params[index]))
        }
        var correction = AccuracyCorrection.dynamicOFALibrary
        if case .double(let slope)? = try root.attribute("accuracy_correction_slope"),
           case .double(let intercept)? = try root.attribute("accuracy_correction_intercept_percent") {
            var source = ""
            if case .string(let text)? = try root.attribute("accuracy_correction_source") { source = text }
            correction = AccuracyCorrection(slope: slope, interceptPercent: intercept, source: source)
        }
        var provenance = ""
        if case .string(let text)? = try root.attribute("provenance") { provenance = text }
        return SubnetLibrary(levels: levels, width: width, accuracyCorrection: correction, provenance: provenance)
    }
}
