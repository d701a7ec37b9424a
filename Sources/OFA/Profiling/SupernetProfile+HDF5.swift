import Foundation
import HDF5

/// `profile.h5`: the layout `LatencyTable.load(profile:)` reads (see `LatencyTableProfile.swift`), plus what
/// `tandem profile` adds so a run can be resumed and inspected:
///
/// ```
/// /   format = "tandem.profile", version = 1, device, width, operating_point (the reference label), unit = "ms",
///     complete (1 when every layer of every resolution and operating point is measured, else 0),
///     operating_points [labels], resolutions [R], repeat, warmup, threads, weights, clock ("wall" | "cpu", see
///     `LatencyClock`; absent = wall), note_{topic} (plain sentences)
/// /tables/r{R}/                      the reference operating point; one row per measured layer:
///     keys, layers                   layer key (Dynamic-OFA grammar) and name (`block 5 k7 e4`)
///     mean_ms, spread_ms             mean and sample standard deviation per run (what LatencyTable reads)
///     median_ms, p10_ms, p90_ms      median and nearest-rank percentiles; runs (int64) = timed repetitions
///     counter_{event} [K]            per-run counter values (task-clock ns, cycles, …) where available
///     power_w [K]                    mean power while the layer ran, where a sensor exists
/// /opp/{label}/tables/r{R}/          the same for every other operating point
/// ```
/// A partial profile (an interrupted run, `complete = 0`) holds only the measured rows; `LatencyTable` refuses it,
/// naming the first missing key, and `tandem profile --resume` continues it.
extension SupernetProfile {
    /// Writes the profile atomically (temporary file in the same folder, then rename).
    public func write(to path: String) throws(ProfileError) {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", LatencyTable.profileFormat)
                try root.setAttribute("version", LatencyTable.profileVersion)
                try root.setAttribute("device", device)
                try root.setAttribute("width", settings.width.rawValue)
                try root.setAttribute("operating_point", referenceOperatingPoint)
                try root.setAttribute("unit", "ms")
                try root.setAttribute("complete", isComplete ? 1 : 0)
                try root.setAttribute("operating_points", operatingPoints)
                try root.setAttribute("resolutions", settings.resolutions)
                try root.setAttribute("repeat", settings.repeatCount)
                try root.setAttribute("warmup", settings.warmupCount)
                try root.setAttribute("threads", settings.threads)
                try root.setAttribute("weights", settings.weights)
                try root.setAttribute("clock", settings.clock.rawValue)
                for (topic, text) in notes.sorted(by: { $0.key < $1.key }) {
                    try root.setAttribute("note_\(topic)", text)
                }
                for (index, point) in operatingPoints.enumerated() {
                    let tables = index == 0
                        ? try root.createGroup("tables")
                        : try root.createGroupIfMissing("opp").createGroup(point).createGroup("tables")
                    try writeTables(measurements[point] ?? [:], into: tables)
                }
            }
        } catch {
            throw .unwritable(path: path, problem: "\(error)")
        }
    }

    private func writeTables(_ tables: [Int: [String: LayerMeasurement]], into group: HDF5Group) throws {
        for resolution in tables.keys.sorted() {
            let rows = (tables[resolution] ?? [:]).values.sorted { $0.key < $1.key }
            guard !rows.isEmpty else { continue }
            let child = try group.createGroup("r\(resolution)")
            try child.setAttribute("resolution", resolution)
            let count = rows.count
            _ = try child.writeStrings("keys", rows.map(\.key))
            _ = try child.writeStrings("layers", rows.map(\.layerName))
            _ = try child.write("mean_ms", rows.map(\.latency.meanMs), shape: [count])
            _ = try child.write("spread_ms", rows.map(\.latency.standardDeviationMs), shape: [count])
            _ = try child.write("median_ms", rows.map(\.latency.medianMs), shape: [count])
            _ = try child.write("p10_ms", rows.map(\.latency.p10Ms), shape: [count])
            _ = try child.write("p90_ms", rows.map(\.latency.p90Ms), shape: [count])
            _ = try child.write("runs", rows.map(\.latency.count), shape: [count])
            let counterNames = Set(rows.flatMap(\.counters.keys)).sorted()
            for name in counterNames where rows.allSatisfy({ $0.counters[name] != nil }) {
                _ = try child.write("counter_\(name)", rows.map { $0.counters[name] ?? 0 }, shape: [count])
            }
            let powers = rows.compactMap(\.powerW)
            if powers.count == count { _ = try child.write("power_w", powers, shape: [count]) }
        }
    }

    /// Reads a profile written by `write(to:)`, complete or partial.
    public static func read(from path: String) throws(ProfileError) -> SupernetProfile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadable(path: path, problem: "no such file")
        }
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let root = file.root
            func text(_ name: String) throws -> String {
                guard let value = try root.stringAttribute(name) else {
                    throw ProfileError.unreadable(path: path, problem: "attribute '\(name)' is missing")
                }
                return value
            }
            func number(_ name: String) throws -> Int {
                guard case .int(let value)? = try root.attribute(name) else {
                    throw ProfileError.unreadable(path: path, problem: "attribute '\(name)' is missing or not an integer")
                }
                return value
            }
            guard try text("format") == LatencyTable.profileFormat else {
                throw ProfileError.unreadable(path: path, problem: "attribute 'format' is not \"\(LatencyTable.profileFormat)\"")
            }
            guard let width = SupernetWidth(parsing: try text("width")) else {
                throw ProfileError.unreadable(path: path, problem: "attribute 'width' is not 1.0 or 1.2")
            }
            let points: [String]
            switch try root.attribute("operating_points") {
            case .strings(let labels)?: points = labels
            case .string(let label)?: points = [label]
            default: throw ProfileError.unreadable(path: path, problem: "attribute 'operating_points' is missing")
            }
            let resolutions: [Int]
            switch try root.attribute("resolutions") {
            case .ints(let values)?: resolutions = values
            case .int(let value)?: resolutions = [value]
            default: throw ProfileError.unreadable(path: path, problem: "attribute 'resolutions' is missing")
            }
            let settings = Settings(width: width, resolutions: resolutions, repeatCount: try number("repeat"),
                                    warmupCount: try number("warmup"), threads: try number("threads"),
                                    weights: try text("weights"),
                                    clock: LatencyClock(rawValue: try root.stringAttribute("clock") ?? "wall") ?? .wall)
            var notes: [String: String] = [:]
            for name in try root.attributeNames() where name.hasPrefix("note_") {
                notes[String(name.dropFirst(5))] = try root.stringAttribute(name)
            }
            var profile = SupernetProfile(device: try text("device"), settings: settings, operatingPoints: points,
                                          notes: notes)
            for (index, point) in points.enumerated() {
                let tablesPath = index == 0 ? "tables" : "opp/\(point)/tables"
                var present = root.contains("tables")
                if index > 0 { present = root.contains("opp") ? try root.group("opp").contains(point) : false }
                guard present else { continue }
                let tables = try root.group(tablesPath)
                for name in try tables.children() {
                    guard name.hasPrefix("r"), let resolution = Int(name.dropFirst()) else { continue }
                    for row in try readRows(try tables.group(name), resolution: resolution,
                                            where: "\(path) /\(tablesPath)/\(name)") {
                        profile.record(row, operatingPoint: point)
                    }
                }
            }
            return profile
        } catch let error as ProfileError {
            throw error
        } catch {
            throw .unreadable(path: path, problem: "\(error)")
        }
    }

    private static func readRows(_ group: HDF5Group, resolution: Int, where location: String) throws -> [LayerMeasurement] {
        let keys = try group.readStrings("keys")
        let count = keys.count
        func column(_ name: String) throws -> [Double] {
            let values = try group.readDoubles(name)
            guard values.count == count else {
                throw ProfileError.unreadable(path: location, problem: "'\(name)' has \(values.count) values for \(count) keys")
            }
            return values
        }
        let layers = group.contains("layers") ? try group.readStrings("layers") : keys
        let mean = try column("mean_ms"), spread = try column("spread_ms"), median = try column("median_ms")
        let p10 = try column("p10_ms"), p90 = try column("p90_ms")
        let runs = try group.read("runs", as: Int.self).values
        let power = group.contains("power_w") ? try column("power_w") : nil
        var counters: [String: [Double]] = [:]
        for name in try group.children() where name.hasPrefix("counter_") {
            counters[String(name.dropFirst(8))] = try column(name)
        }
        guard layers.count == count, runs.count == count else {
            throw ProfileError.unreadable(path: location, problem: "'layers' or 'runs' does not match the \(count) keys")
        }
        return (0..<count).map { index in
            LayerMeasurement(
                key: keys[index], layerName: layers[index], resolution: resolution,
                latency: LatencyStatistics(count: runs[index], meanMs: mean[index], medianMs: median[index],
                                           p10Ms: p10[index], p90Ms: p90[index], standardDeviationMs: spread[index]),
                counters: counters.mapValues { $0[index] }, powerW: power?[index])
        }
    }
}

private extension HDF5Group {
    func createGroupIfMissing(_ name: String) throws -> HDF5Group {
        contains(name) ? try group(name) : try createGroup(name)
    }
}
