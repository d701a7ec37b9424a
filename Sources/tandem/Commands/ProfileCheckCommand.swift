import ArgumentParsing
import Foundation
import HDF5
import OFA

/// `tandem profile check`: does a profile predict the end-to-end latency the engine really measures? (experiment 4)
enum ProfileCheckCommand: Command {
    static let spec = CommandSpec(
        name: "profile check",
        abstract: "Compare a profile's predicted latency (sum of layers) with end-to-end engine latency.",
        discussion: """
            For each sub-network of --subnets (Dynamic-OFA's published libraries, library.json) the prediction of \
            --profile (sum of its layers' medians, and of means) is compared with the batch-1 latency of the Swift \
            engine measured end to end as `tandem bench infer` does (warm-up, then timed runs; --passes interleaved \
            passes over all nets). A correction (constant per-frame overhead, and scale + offset) is fitted on \
            --fit-count random sub-networks that are not in --subnets, never on the evaluated nets.
            """,
        options: [
            .value("profile", "FILE", "Profile made by `tandem profile`.", required: true),
            .value("subnets", "library.json", "Dynamic-OFA library export (libraries → nets with config).", required: true),
            .value("weights", "W.h5", "Supernet weights (HDF5); default: synthetic weights of the profile's width."),
            .value("fit-count", "N", "Random sub-networks to fit the correction on (0: no correction).", default: "10"),
            .value("seed", "N", "Seed of the random fit sub-networks.", default: "1"),
            .value("repeat", "N", "Timed inferences per net and pass.", default: "10"),
            .value("warmup", "N", "Untimed inferences per net and pass.", default: "2"),
            .value("passes", "N", "Interleaved passes over all nets.", default: "3"),
            .value("threads", "N", "Threads (default: the profile's)."),
            .value("out", "FILE", "results.h5 to write."),
            .value("csv", "FILE", "CSV to write."),
            .flag("json", "Print one JSON object with the summary."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let profilePath = try arguments.required("profile")
        let profile = try SupernetProfile.read(from: profilePath)
        guard profile.isComplete else {
            // LatencyTable names the first missing layer.
            _ = try profile.latencyTable(source: profilePath)
            throw ProfileError.unreadable(path: profilePath, problem: "incomplete profile (run `tandem profile --resume`)")
        }
        let nets = try PublishedSubnet.load(json: URL(fileURLWithPath: try arguments.required("subnets")))
        let fitCount = try arguments.int("fit-count") ?? 10
        let seed = try arguments.int("seed") ?? 1
        let repeatCount = try arguments.int("repeat") ?? 10
        let warmupCount = try arguments.int("warmup") ?? 2
        let passes = try arguments.int("passes") ?? 3
        let threads = try arguments.int("threads") ?? profile.settings.threads
        for (name, value, minimum) in [("fit-count", fitCount, 0), ("repeat", repeatCount, 1), ("warmup", warmupCount, 0),
                                       ("passes", passes, 1), ("threads", threads, 1), ("seed", seed, 0)] where value < minimum {
            throw UsageError.invalidValue(option: name, value: "\(value)", expected: "at least \(minimum)")
        }
        let weights: SupernetWeights = try arguments.string("weights").map {
            try SupernetWeights.load(path: $0, width: profile.settings.width)
        } ?? .synthetic(profile.settings.width)

        let test = nets.map { (name: $0.name, config: $0.config) }
        let fitConfigs = RandomSubnets.sample(count: fitCount, resolutions: profile.settings.resolutions,
                                              seed: UInt64(seed), excluding: nets.map(\.config))
        let fit = fitConfigs.enumerated().map { (name: "random\($0.offset)", config: $0.element) }
        let validation = try ProfileValidation.run(
            profile: profile, weights: weights, test: test, fit: fit, warmupCount: warmupCount,
            repeatCount: repeatCount, passes: passes, threads: threads,
            progress: { done, total in
                if done % max(1, total / 10) == 0 || done == total { printError("profile check: \(done)/\(total) net runs") }
            })

        if let out = arguments.string("out") {
            try validation.write(hdf5: out, attributes: [
                "profile": .string(profilePath), "device": .string(profile.device), "threads": .int(threads),
                "repeat": .int(repeatCount), "warmup": .int(warmupCount), "passes": .int(passes),
                "width": .string(profile.settings.width.rawValue), "seed": .int(seed),
                "clock": .string(profile.settings.clock.rawValue),
            ])
        }
        if let csv = arguments.string("csv") { try validation.writeCSV(to: csv) }

        let raw = ProfileValidation.absoluteErrorSummary(validation.test.map(\.errorPercent))
        let corrected = ProfileValidation.absoluteErrorSummary(
            validation.test.map { $0.correctedErrorPercent(validation.offsetCorrection) })
        let affine = ProfileValidation.absoluteErrorSummary(
            validation.test.map { $0.correctedErrorPercent(validation.affineCorrection) })
        let means = ProfileValidation.absoluteErrorSummary(validation.test.map(\.meanErrorPercent))
        if arguments.flag("json") {
            let rows: [[String: Any]] = validation.test.map { row in
                ["name": row.name, "resolution": row.config.r, "predicted_median_ms": row.predictedMedianMs,
                 "measured_median_ms": row.measured.medianMs, "error_percent": row.errorPercent,
                 "corrected_error_percent": row.correctedErrorPercent(validation.offsetCorrection),
                 "predicted_mean_ms": row.predictedMeanMs, "measured_mean_ms": row.measured.meanMs,
                 "mean_error_percent": row.meanErrorPercent,
                 "measured_wall_median_ms": row.measuredWall.medianMs]
            }
            let object: [String: Any] = [
                "nets": rows, "error_mean_abs_percent": raw.mean, "error_max_abs_percent": raw.max,
                "corrected_error_mean_abs_percent": corrected.mean, "corrected_error_max_abs_percent": corrected.max,
                "affine_error_mean_abs_percent": affine.mean, "affine_error_max_abs_percent": affine.max,
                "mean_convention_error_mean_abs_percent": means.mean, "mean_convention_error_max_abs_percent": means.max,
                "correction_offset_ms": validation.offsetCorrection.offsetMs,
                "affine_scale": validation.affineCorrection.scale, "affine_offset_ms": validation.affineCorrection.offsetMs,
                "fit_count": validation.fit.count, "clock": profile.settings.clock.rawValue,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return 0
        }
        print("profile \(profilePath) (\(profile.device), w\(profile.settings.width.rawValue), \(threads) threads, "
            + "\(profile.settings.clock.rawValue) clock) vs end-to-end engine latency, \(passes) passes × \(repeatCount) runs")
        print("net           r    predicted ms  measured ms  error %  corrected ms  error %   (medians)  mean-sum ms  mean ms  error %  wall ms")
        for row in validation.test {
            let corrected = validation.offsetCorrection.correctedMs(row.predictedMedianMs)
            print(row.name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(
                format: " %4d %13.2f %12.2f %8.1f %13.2f %8.1f %23.2f %8.2f %8.1f %8.2f", row.config.r,
                         row.predictedMedianMs, row.measured.medianMs, row.errorPercent, corrected,
                         row.correctedErrorPercent(validation.offsetCorrection), row.predictedMeanMs,
                         row.measured.meanMs, row.meanErrorPercent, row.measuredWall.medianMs))
        }
        print(String(format: "raw (medians): mean |error| %.1f %%, max %.1f %%", raw.mean, raw.max))
        print(String(format: "raw (means, LatencyTable convention): mean |error| %.1f %%, max %.1f %%", means.mean, means.max))
        if !validation.fit.isEmpty {
            print(String(format: "corrected, constant overhead %+.3f ms fitted on %d random nets: mean |error| %.1f %%, max %.1f %%",
                         validation.offsetCorrection.offsetMs, validation.fit.count, corrected.mean, corrected.max))
            print(String(format: "corrected, scale %.3f offset %+.3f ms on the same nets: mean |error| %.1f %%, max %.1f %%",
                         validation.affineCorrection.scale, validation.affineCorrection.offsetMs, affine.mean, affine.max))
        }
        return 0
    }
}
