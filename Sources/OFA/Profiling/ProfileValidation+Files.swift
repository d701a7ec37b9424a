import Foundation
import HDF5

/// The files of experiment 4 (`tandem profile check`): `results.h5` and a CSV with one row per sub-network.
///
/// ```
/// /  format = "tandem.sim-vs-live", version = 1, profile, device, clock, threads, repeat, warmup, passes,
///    correction_offset_ms, correction_method (constant offset), affine_scale, affine_offset_ms (scale + offset),
///    error_mean_abs_percent, error_max_abs_percent (raw, medians, test set),
///    corrected_error_mean_abs_percent, corrected_error_max_abs_percent (constant offset, test set),
///    mean_convention_error_mean_abs_percent, mean_convention_error_max_abs_percent (means, test set)
/// /test, /fit   names, resolution [N] int64, ks [N,20], e [N,20], d [N,5] int64,
///               predicted_median_ms, predicted_mean_ms, measured_median_ms, measured_mean_ms, measured_p10_ms,
///               measured_p90_ms, measured_wall_median_ms (same runs, wall clock), error_percent, mean_error_percent, corrected_ms, corrected_error_percent [N]
/// ```
extension ProfileValidation {
    public func write(hdf5 path: String, attributes: [String: HDF5AttributeValue]) throws(ProfileError) {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", "tandem.sim-vs-live")
                try root.setAttribute("version", 1)
                for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(name, value) }
                try root.setAttribute("correction_offset_ms", offsetCorrection.offsetMs)
                try root.setAttribute("correction_method", offsetCorrection.method)
                try root.setAttribute("affine_scale", affineCorrection.scale)
                try root.setAttribute("affine_offset_ms", affineCorrection.offsetMs)
                let raw = Self.absoluteErrorSummary(test.map(\.errorPercent))
                let corrected = Self.absoluteErrorSummary(test.map { $0.correctedErrorPercent(offsetCorrection) })
                let means = Self.absoluteErrorSummary(test.map(\.meanErrorPercent))
                try root.setAttribute("error_mean_abs_percent", raw.mean)
                try root.setAttribute("error_max_abs_percent", raw.max)
                try root.setAttribute("corrected_error_mean_abs_percent", corrected.mean)
                try root.setAttribute("corrected_error_max_abs_percent", corrected.max)
                try root.setAttribute("mean_convention_error_mean_abs_percent", means.mean)
                try root.setAttribute("mean_convention_error_max_abs_percent", means.max)
                for (name, rows) in [("test", test), ("fit", fit)] where !rows.isEmpty {
                    let group = try root.createGroup(name)
                    let n = rows.count
                    _ = try group.writeStrings("names", rows.map(\.name))
                    _ = try group.write("resolution", rows.map(\.config.r), shape: [n])
                    _ = try group.write("ks", rows.flatMap(\.config.ks), shape: [n, SubnetConfig.elasticBlockCount])
                    _ = try group.write("e", rows.flatMap(\.config.e), shape: [n, SubnetConfig.elasticBlockCount])
                    _ = try group.write("d", rows.flatMap(\.config.d), shape: [n, SubnetConfig.stageCount])
                    let columns: [(String, (Row) -> Double)] = [
                        ("predicted_median_ms", \.predictedMedianMs), ("predicted_mean_ms", \.predictedMeanMs),
                        ("measured_median_ms", \.measured.medianMs), ("measured_mean_ms", \.measured.meanMs),
                        ("measured_p10_ms", \.measured.p10Ms), ("measured_p90_ms", \.measured.p90Ms),
                        ("measured_wall_median_ms", \.measuredWall.medianMs),
                        ("error_percent", \.errorPercent), ("mean_error_percent", \.meanErrorPercent),
                        ("corrected_ms", { self.offsetCorrection.correctedMs($0.predictedMedianMs) }),
                        ("corrected_error_percent", { $0.correctedErrorPercent(self.offsetCorrection) }),
                    ]
                    for (column, value) in columns { _ = try group.write(column, rows.map(value), shape: [n]) }
                }
            }
        } catch {
            throw .unwritable(path: path, problem: "\(error)")
        }
    }

    /// One line per net: set, name, resolution, predictions, measurements, errors (raw and corrected).
    public var csv: String {
        var lines = ["set,name,resolution,predicted_median_ms,measured_median_ms,error_percent,corrected_ms,"
            + "corrected_error_percent,predicted_mean_ms,measured_mean_ms,mean_error_percent,measured_p10_ms,measured_p90_ms,"
            + "measured_wall_median_ms"]
        for (set, rows) in [("test", test), ("fit", fit)] {
            for row in rows {
                let numbers = [row.predictedMedianMs, row.measured.medianMs, row.errorPercent,
                               offsetCorrection.correctedMs(row.predictedMedianMs),
                               row.correctedErrorPercent(offsetCorrection), row.predictedMeanMs, row.measured.meanMs,
                               row.meanErrorPercent, row.measured.p10Ms, row.measured.p90Ms, row.measuredWall.medianMs]
                lines.append("\(set),\(row.name),\(row.config.r)," + numbers.map { String(format: "%.4f", $0) }.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csv` atomically.
    public func writeCSV(to path: String) throws(ProfileError) {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(csv.utf8).write(to: url, options: .atomic)
        } catch {
            throw .unwritable(path: path, problem: "\(error.localizedDescription)")
        }
    }
}
