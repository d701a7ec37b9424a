#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HDF5

/// Our own latency-table file, `profile.h5` (written by `tandem profile`, read by `tandem search`):
///
/// ```
/// /                      format = "tandem.profile", version = 1, device (e.g. "gpu"), width ("1.0" | "1.2"),
///                        operating_point (text, e.g. "max clocks"), unit = "ms"
/// /tables/r{R}/          one group per input resolution R, attribute resolution = R
///     keys       [K]     layer keys in the Dynamic-OFA grammar (LatencyTableKeys), UTF-8 strings
///     mean_ms    [K]     float64, mean latency of each layer
///     spread_ms  [K]     float64, optional: standard deviation
///     power_w    [K]     float64, optional: mean power while the layer ran
/// /opp/{label}/tables/…  optional: the same per-resolution groups measured at another operating point
/// ```
extension LatencyTable {
    public static let profileFormat = "tandem.profile"
    public static let profileVersion = 1

    /// Reads the table at the reference operating point (`/tables`), or at `operatingPoint` (`/opp/{label}/tables`).
    public static func load(profile path: String, operatingPoint: String? = nil) throws(LatencyTableError) -> LatencyTable {
        var entries: [Int: [String: Entry]] = [:]
        let device: String
        let width: SupernetWidth
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let root = file.root
            guard case .string(let format)? = try root.attribute("format"), format == profileFormat else {
                throw LatencyTableError.unreadable(source: path, problem: "not a Tandem profile (attribute format is not \"\(profileFormat)\")")
            }
            guard case .int(let version)? = try root.attribute("version"), version == profileVersion else {
                throw LatencyTableError.unreadable(source: path, problem: "unsupported profile version (expected \(profileVersion))")
            }
            guard case .string(let deviceName)? = try root.attribute("device") else {
                throw LatencyTableError.unreadable(source: path, problem: "attribute 'device' is missing")
            }
            guard case .string(let widthText)? = try root.attribute("width"),
                  let parsedWidth = SupernetWidth(parsing: widthText)
            else { throw LatencyTableError.unreadable(source: path, problem: "attribute 'width' is missing or not 1.0/1.2") }
            device = deviceName
            width = parsedWidth
            let tablesPath = operatingPoint.map { "opp/\($0)/tables" } ?? "tables"
            let tables = try root.group(tablesPath)
            for name in try tables.children() {
                guard name.hasPrefix("r"), let resolution = Int(name.dropFirst()) else { continue }
                let group = try tables.group(name)
                let keys = try group.readStrings("keys")
                let means = try group.readDoubles("mean_ms")
                let spreads = group.contains("spread_ms") ? try group.readDoubles("spread_ms") : nil
                let powers = group.contains("power_w") ? try group.readDoubles("power_w") : nil
                for (field, count) in [("mean_ms", means.count), ("spread_ms", spreads?.count ?? keys.count),
                                       ("power_w", powers?.count ?? keys.count)] where count != keys.count {
                    throw LatencyTableError.badValue(resolution: resolution, key: "\(tablesPath)/\(name)/\(field)",
                                                     problem: "has \(count) values for \(keys.count) keys", source: path)
                }
                var table: [String: Entry] = [:]
                for (index, key) in keys.enumerated() {
                    table[key] = Entry(meanMs: means[index], spreadMs: spreads?[index], powerW: powers?[index])
                }
                entries[resolution] = table
            }
        } catch let error as LatencyTableError {
            throw error
        } catch {
            throw .unreadable(source: path, problem: "\(error)")
        }
        return try LatencyTable(device: device, width: width, entries: entries, source: path)
    }

    /// The operating-point labels under `/opp` of a profile (empty when it holds only the reference table).
    public static func operatingPoints(inProfile path: String) throws(LatencyTableError) -> [String] {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            return file.root.contains("opp") ? try file.root.group("opp").children().sorted() : []
        } catch {
            throw .unreadable(source: path, problem: "\(error)")
        }
    }

    /// Writes this table as a profile file (atomically); `operatingPoint` is the text stored beside it.
    public func writeProfile(to path: String, operatingPoint: String = "max clocks") throws(LatencyTableError) {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", Self.profileFormat)
                try root.setAttribute("version", Self.profileVersion)
                try root.setAttribute("device", device)
                try root.setAttribute("width", width.rawValue)
                try root.setAttribute("operating_point", operatingPoint)
                try root.setAttribute("unit", "ms")
                let tables = try root.createGroup("tables")
                try writeTables(into: tables)
            }
        } catch {
            throw .unreadable(source: path, problem: "cannot write: \(error)")
        }
    }

    /// Writes the per-resolution groups (`r{R}` with keys, mean_ms and, where every entry has them, spread/power).
    public func writeTables(into group: HDF5Group) throws(HDF5Error) {
        for resolution in resolutions {
            let table = entries[resolution] ?? [:]
            let keys = table.keys.sorted()
            let values = keys.compactMap { table[$0] }
            let child = try group.createGroup("r\(resolution)")
            try child.setAttribute("resolution", resolution)
            _ = try child.writeStrings("keys", keys)
            _ = try child.write("mean_ms", values.map(\.meanMs), shape: [keys.count])
            let spreads = values.compactMap(\.spreadMs)
            if spreads.count == keys.count { _ = try child.write("spread_ms", spreads, shape: [keys.count]) }
            let powers = values.compactMap(\.powerW)
            if powers.count == keys.count { _ = try child.write("power_w", powers, shape: [keys.count]) }
        }
    }

    /// A folder of Dynamic-OFA JSON tables or a profile file, whichever `path` is.
    public static func load(path: String) throws(LatencyTableError) -> LatencyTable {
        #if canImport(FoundationEssentials)
        var isDirectory = false
        #else
        var isDirectory: ObjCBool = false
        #endif
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(source: path, problem: "no such file or folder")
        }
        #if canImport(FoundationEssentials)
        let isFolder = isDirectory
        #else
        let isFolder = isDirectory.boolValue
        #endif
        if isFolder {
            return try LatencyTable(dynamicOFADirectory: URL(fileURLWithPath: path))
        }
        return try load(profile: path)
    }
}
