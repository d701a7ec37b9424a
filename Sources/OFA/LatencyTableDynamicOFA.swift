#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension LatencyTable {
    /// Reads a folder of Dynamic-OFA tables, one `NNN.json` (or `NNN_lookup_table.json`) per resolution, each mapping
    /// a layer key to `{"count", "mean", "std"}` in milliseconds. The width multiplier is read off the stem key's
    /// output channels (24 → w1.2, 16 → w1.0). `device` defaults to the folder's name.
    public init(dynamicOFADirectory url: URL, device: String? = nil) throws(LatencyTableError) {
        let source = url.path
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: source)
        } catch {
            throw .unreadable(source: source, problem: "not a readable folder")
        }
        var entries: [Int: [String: Entry]] = [:]
        for name in names.sorted() where name.hasSuffix(".json") {
            let stem = name.dropLast(".json".count)
            let digits = stem.hasSuffix("_lookup_table") ? stem.dropLast("_lookup_table".count) : stem
            guard let resolution = Int(digits) else { continue }
            let file = url.appendingPathComponent(name)
            entries[resolution] = try Self.readDynamicOFAFile(file, resolution: resolution)
        }
        guard let first = entries.keys.min() else {
            throw .unreadable(source: source, problem: "no NNN.json table files (one per resolution)")
        }
        let width = try Self.width(of: entries[first] ?? [:], resolution: first, source: source)
        try self.init(device: device ?? url.lastPathComponent, width: width, entries: entries, source: source)
    }

    static func readDynamicOFAFile(_ file: URL, resolution: Int) throws(LatencyTableError) -> [String: Entry] {
        let object: JSONValue
        do {
            object = try JSONValue.read(file)
        } catch {
            throw .unreadable(source: file.path, problem: "not a JSON file")
        }
        guard let table = object.object else {
            throw .unreadable(source: file.path, problem: "the top level is not an object of layer keys")
        }
        var entries: [String: Entry] = [:]
        for (key, value) in table {
            guard let fields = value.object, let mean = fields["mean"]?.double else {
                throw .badValue(resolution: resolution, key: key, problem: "no numeric 'mean'", source: file.path)
            }
            entries[key] = Entry(meanMs: mean, spreadMs: fields["std"]?.double)
        }
        return entries
    }

    /// The supported width whose stem key the table holds.
    static func width(of table: [String: Entry], resolution: Int, source: String) throws(LatencyTableError)
        -> SupernetWidth
    {
        let candidates: [SupernetWidth] = [.w1_2, .w1_0]
        for width in candidates where table[LatencyTableKeys.stemKey(resolution: resolution, width: width)] != nil {
            return width
        }
        throw .missingKey(resolution: resolution,
                          key: LatencyTableKeys.stemKey(resolution: resolution, width: candidates[0]),
                          source: source)
    }
}
