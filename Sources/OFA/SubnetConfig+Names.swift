#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SubnetConfig {
    /// A config from a short name: `max` (ks7/e6/d4@224), `min` (ks3/e3/d2@160), `max@R`, `min@R`, or a uniform
    /// `ksK/eE/dD@R` (e.g. `ks5/e4/d3@192`; `@R` optional, default 224). Nil when `name` is none of these.
    public static func named(_ name: String) throws(SubnetConfigError) -> SubnetConfig? {
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let base = String(parts[0])
        var resolution: Int?
        if parts.count == 2 {
            guard let value = Int(parts[1]) else {
                throw SubnetConfigError(field: "r", problem: "is '\(parts[1])' in '\(name)', expected an integer")
            }
            resolution = value
        }
        switch base {
        case "max", "largest":
            return try uniform(kernelSize: 7, expandRatio: 6, depth: 4, resolution: resolution ?? largest.r)
        case "min", "smallest":
            return try uniform(kernelSize: 3, expandRatio: 3, depth: 2, resolution: resolution ?? smallest.r)
        default:
            let fields = base.split(separator: "/")
            guard fields.count == 3, fields[0].hasPrefix("ks"), fields[1].hasPrefix("e"), fields[2].hasPrefix("d"),
                  let k = Int(fields[0].dropFirst(2)), let e = Int(fields[1].dropFirst()), let d = Int(fields[2].dropFirst())
            else { return nil }
            return try uniform(kernelSize: k, expandRatio: e, depth: d, resolution: resolution ?? largest.r)
        }
    }

    /// A config from a name (see `named(_:)`) or, failing that, from a JSON file at `argument`.
    public static func load(_ argument: String) throws(SubnetConfigError) -> SubnetConfig {
        if let config = try named(argument) { return config }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw SubnetConfigError(field: "(file)", problem: "cannot be read (not a file, and not a name like max, min, max@224 or ks5/e4/d3@192)", source: argument)
        }
        return try parse(json: data, source: argument)
    }
}
