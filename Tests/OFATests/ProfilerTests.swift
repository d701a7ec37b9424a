import Foundation
import HDF5
@testable import OFA
@testable import OFAEngine
import Testing
import TestSupport

/// `tandem profile`'s machinery: the single-layer runner against the engine, the profile file against the
/// LatencyTable loader and an independent sum, resume, and bad input.
@Suite(.serialized) struct ProfilerTests {
    /// Small resolutions keep every test fast; the layer keys and the kernels are the same as at 224.
    static let weights = SupernetWeights.synthetic(.w1_0)

    static func settings(_ resolutions: [Int] = [40], repeatCount: Int = 2, warmupCount: Int = 1)
        -> SupernetProfile.Settings
    {
        SupernetProfile.Settings(width: .w1_0, resolutions: resolutions, repeatCount: repeatCount,
                                 warmupCount: warmupCount, threads: 1, weights: "synthetic")
    }

    static func emptyProfile(_ settings: SupernetProfile.Settings) -> SupernetProfile {
        SupernetProfile(device: "host", settings: settings, operatingPoints: ["current"])
    }

    /// A mixed sub-network (every kernel, expand ratio and depth occurs).
    static func mixedConfig(resolution: Int) throws -> SubnetConfig {
        try SubnetConfig(ks: (0..<20).map { [3, 5, 7][$0 % 3] }, e: (0..<20).map { [4, 6, 3][$0 % 3] },
                         d: [2, 3, 4, 3, 2], r: resolution)
    }

    @Test func layersCoverExactlyTheRequiredKeys() throws {
        for width in SupernetWidth.allCases {
            let keys = ProfiledLayer.all.map { $0.key(resolution: 176, width: width) }
            #expect(keys.count == 96)
            #expect(keys == LatencyTableKeys.requiredKeys(resolution: 176, width: width))
        }
        let config = try Self.mixedConfig(resolution: 208)
        #expect(ProfiledLayer.layers(of: config).map { $0.key(resolution: 208, width: .w1_2) }
            == LatencyTableKeys.keys(for: config, width: .w1_2))
    }

    /// Running a sub-network's layers one by one through the runner gives the engine's logits bit for bit, at the
    /// runner's largest resolution and at a smaller one: the runner times exactly what the engine runs.
    @Test func layerRunnerReproducesTheEngine() throws {
        let runner = try LayerRunner(weights: Self.weights, maxResolution: 64)
        for resolution in [64, 48] {
            let config = try Self.mixedConfig(resolution: resolution)
            let engine = try SupernetEngine(weights: Self.weights, maxResolution: 64, config: config)
            let image = Array(SyntheticWeights.image(resolution: 64).prefix(3 * resolution * resolution))
            let expected = try engine.infer(image, shape: [1, 3, resolution, resolution])
            runner.prime(resolution: resolution)
            let logits = runner.forward(layers: ProfiledLayer.layers(of: config))
            #expect(logits == expected, "r\(resolution)")
            #expect(logits.contains { $0 != 0 })
        }
    }

    @Test func statisticsMatchHandComputedValues() {
        let statistics = LatencyStatistics(samplesMs: [5, 1, 3, 2, 4, 10, 6, 7, 8, 9])
        #expect(statistics.count == 10)
        #expect(statistics.meanMs == 5.5)
        #expect(statistics.medianMs == 5.5)
        #expect(statistics.p10Ms == 1)  // rank ⌈1.0⌉ = 1
        #expect(statistics.p90Ms == 9)  // rank ⌈9.0⌉ = 9
        #expect(abs(statistics.standardDeviationMs - (82.5 / 9).squareRoot()) < 1e-12)
        let odd = LatencyStatistics(samplesMs: [3, 1, 2])
        #expect(odd.medianMs == 2 && odd.p10Ms == 1 && odd.p90Ms == 3)
    }

    /// A tiny profile (one resolution, all 96 layers, 2 runs each) is a valid profile.h5: LatencyTable loads it,
    /// and a sub-network's prediction equals the sum of its layers read straight from the file.
    @Test func tinyProfileIsALoadableLatencyTable() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("profile.h5").path
        let profiler = try SupernetProfiler(weights: Self.weights, settings: Self.settings())
        let profile = try profiler.profile(Self.emptyProfile(profiler.settings))
        try profile.write(to: path)
        #expect(profile.isComplete)
        #expect(profiler.layerRunCount == 96 * 3)

        let table = try LatencyTable.load(profile: path)
        #expect(table.resolutions == [40] && table.width == .w1_0 && table.device == "host")

        // Independent reading: the raw datasets, summed over the config's keys built here from the grammar.
        let file = try HDF5File.open(path)
        let group = try file.root.group("tables/r40")
        let keys = try group.readStrings("keys")
        let means = try group.readDoubles("mean_ms")
        let medians = try group.readDoubles("median_ms")
        let p10 = try group.readDoubles("p10_ms"), p90 = try group.readDoubles("p90_ms")
        let runs = try group.read("runs", as: Int.self).values
        try file.close()
        #expect(keys.count == 96 && Set(keys).count == 96)
        #expect(runs.allSatisfy { $0 == 2 })
        #expect(keys.indices.allSatisfy { p10[$0] <= medians[$0] && medians[$0] <= p90[$0] && means[$0] > 0 })
        let meanByKey = Dictionary(uniqueKeysWithValues: zip(keys, means))
        let config = try Self.mixedConfig(resolution: 40)
        var expected = 0.0
        for layer in ProfiledLayer.layers(of: config) {
            expected += try #require(meanByKey[layer.key(resolution: 40, width: .w1_0)])
        }
        #expect(abs(try table.latencyMs(config) - expected) <= 1e-9 * expected)
        #expect(abs(try #require(profile.predictedLatencyMs(config)) - expected) <= 1e-9 * expected)

        // Read back: every measurement survives the file.
        let reread = try SupernetProfile.read(from: path)
        #expect(reread.measurements == profile.measurements)
        #expect(reread.settings == profile.settings)
    }

    /// An interrupted run keeps the layers it measured (checkpointed), LatencyTable refuses the partial file naming
    /// a missing key, and resuming measures only the missing layers, leaving the kept ones untouched.
    @Test func resumeKeepsDoneLayersAndMeasuresOnlyTheRest() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("partial.h5").path
        let settings = Self.settings([40, 32])
        let first = try SupernetProfiler(weights: Self.weights, settings: settings)
        first.checkpointEvery = 10
        struct Interrupted: Error {}
        var checkpoints = 0
        #expect(throws: Interrupted.self) {
            _ = try first.profile(Self.emptyProfile(settings), checkpoint: { profile in
                try profile.write(to: path)
                checkpoints += 1
                if checkpoints == 3 { throw Interrupted() }
            })
        }
        let partial = try SupernetProfile.read(from: path)
        #expect(partial.measurementCount == 30)
        #expect(!partial.isComplete)
        #expect(throws: LatencyTableError.self) { try LatencyTable.load(profile: path) }
        do {
            _ = try LatencyTable.load(profile: path)
        } catch {
            #expect("\(error)".contains("lacks layer key"))
        }

        let second = try SupernetProfiler(weights: Self.weights, settings: settings)
        let finished = try second.profile(partial)
        #expect(finished.isComplete)
        #expect(second.layerRunCount == (2 * 96 - 30) * (settings.repeatCount + settings.warmupCount))
        for (resolution, table) in partial.measurements["current"] ?? [:] {
            for (key, measurement) in table {
                #expect(finished.measurement(key, resolution: resolution, operatingPoint: "current") == measurement)
            }
        }
    }

    @Test func badSettingsAreNamed() throws {
        func problem(_ resolutions: [Int], repeatCount: Int = 2) -> String {
            do {
                try SupernetProfiler.validate(Self.settings(resolutions, repeatCount: repeatCount))
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(problem([]).contains("--resolutions") && problem([]).contains("empty"))
        #expect(problem([160, 20]).contains("20 is outside"))
        #expect(problem([160, 160]).contains("repeats"))
        #expect(problem([160], repeatCount: 0).contains("--repeat"))
        let profile = Self.emptyProfile(Self.settings())
        let unwritable = "/nonexistent-tandem-folder/profile.h5"
        #expect(throws: ProfileError.self) { try profile.write(to: unwritable) }
        do {
            try profile.write(to: unwritable)
        } catch {
            #expect(error.description.contains(unwritable))
        }
        #expect(throws: ProfileError.self) { try SupernetProfile.read(from: "/nonexistent-tandem-folder/x.h5") }
    }

    @Test func correctionFitsRecoverKnownLines() {
        let x = [10.0, 20, 30, 40]
        let y = x.map { 1.1 * $0 + 2 }
        let affine = LatencyCorrection.fitAffine(predictedMs: x, measuredMs: y)
        #expect(abs(affine.scale - 1.1) < 1e-12 && abs(affine.offsetMs - 2) < 1e-9)
        let offset = LatencyCorrection.fitOffset(predictedMs: x, measuredMs: y)
        #expect(offset.scale == 1 && abs(offset.offsetMs - (2 + 0.1 * 25)) < 1e-9)
        let random = RandomSubnets.sample(count: 5, resolutions: [160, 176], seed: 7)
        #expect(random == RandomSubnets.sample(count: 5, resolutions: [160, 176], seed: 7))
        #expect(Set(random.map(RandomSubnets.activeSignature)).count == 5)
        #expect(RandomSubnets.sample(count: 4, resolutions: [160], seed: 7, excluding: random).allSatisfy { net in
            !random.map(RandomSubnets.activeSignature).contains(RandomSubnets.activeSignature(net))
        })
    }

    /// The command end to end on a tiny run, and its bad-input messages.
    @Test func commandWritesAProfileAndNamesBadInput() throws {
        let folder = try TemporaryDirectory()
        let out = folder.file("cli.h5").path
        let run = try Executables.run("tandem", ["profile", "--resolutions", "32", "--repeat", "1", "--warmup", "0",
                                                 "--threads", "1", "--out", out, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["complete"] as? Bool == true)
        #expect(object["layers_measured"] as? Int == 96)
        _ = try LatencyTable.load(profile: out)
        let resumed = try Executables.run("tandem", ["profile", "--resolutions", "32", "--repeat", "1", "--warmup", "0",
                                                     "--threads", "1", "--out", out, "--resume", "--json"])
        let again = try #require(JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        #expect(again["layers_measured"] as? Int == 0)

        let platform = try Executables.run("tandem", ["profile", "--platform", "nope", "--out", out])
        #expect(platform.status == 64 && platform.stderr.contains("nope") && platform.stderr.contains("host"))
        let resolutions = try Executables.run("tandem", ["profile", "--resolutions", "160,abc", "--out", out])
        #expect(resolutions.status == 64 && resolutions.stderr.contains("abc"))
        let range = try Executables.run("tandem", ["profile", "--resolutions", "16", "--out", out])
        #expect(range.status == 1 && range.stderr.contains("16 is outside"))
        let unwritable = "/nonexistent-tandem-folder/p.h5"
        let denied = try Executables.run("tandem", ["profile", "--resolutions", "32", "--out", unwritable])
        #expect(denied.status == 1 && denied.stderr.contains(unwritable))
        let mismatch = try Executables.run("tandem", ["profile", "--resolutions", "32", "--repeat", "3", "--out", out,
                                                      "--resume"])
        #expect(mismatch.status == 1 && mismatch.stderr.contains("repeat"))
    }
    /// `--opp all` on a fake cpufreq tree: the table is measured at each operating point (the highest is the reference
    /// table, the others under /opp), and the governor and limits are put back afterwards.
    @Test func everyOperatingPointIsProfiledAndTheGovernorRestored() throws {
        let folder = try TemporaryDirectory()
        let policy = folder.url.appendingPathComponent("sys/devices/system/cpu/cpufreq/policy0")
        try FileManager.default.createDirectory(at: policy, withIntermediateDirectories: true)
        let files = [
            "scaling_available_frequencies": "1200000 1900000\n", "scaling_available_governors": "userspace schedutil\n",
            "scaling_governor": "schedutil\n", "scaling_min_freq": "1200000\n", "scaling_max_freq": "1900000\n",
            "scaling_setspeed": "<unsupported>\n", "scaling_cur_freq": "1900000\n", "related_cpus": "0 1\n",
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: policy.appendingPathComponent(name))
        }
        let out = folder.file("opp.h5").path
        let run = try Executables.run("tandem", ["profile", "--sysfs-root", folder.path, "--opp", "all",
                                                 "--resolutions", "32", "--repeat", "1", "--warmup", "0",
                                                 "--threads", "1", "--out", out, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["operating_points"] as? [String] == ["cpu1900000kHz", "cpu1200000kHz"])
        #expect(object["layers_measured"] as? Int == 2 * 96)
        #expect(try LatencyTable.operatingPoints(inProfile: out) == ["cpu1200000kHz"])
        _ = try LatencyTable.load(profile: out)
        _ = try LatencyTable.load(profile: out, operatingPoint: "cpu1200000kHz")
        func read(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: policy.appendingPathComponent(name)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try read("scaling_governor") == "schedutil")
        #expect(try read("scaling_min_freq") == "1200000" && read("scaling_max_freq") == "1900000")
        #expect(try read("scaling_setspeed") == "1200000")  // the last operating point was really set
    }
    /// The comparison of experiment 4 on tiny nets: predictions are the profile's sums, measurements positive, the
    /// correction comes from the fit set only, and the files hold the rows.
    @Test func validationComparesPredictionsWithEngineRuns() throws {
        let settings = Self.settings([40], repeatCount: 3, warmupCount: 1)
        let profiler = try SupernetProfiler(weights: Self.weights, settings: settings)
        let profile = try profiler.profile(Self.emptyProfile(settings))
        let test = RandomSubnets.sample(count: 2, resolutions: [40], seed: 3)
        let fit = RandomSubnets.sample(count: 3, resolutions: [40], seed: 4, excluding: test)
        let validation = try ProfileValidation.run(
            profile: profile, weights: Self.weights, test: test.map { (name: "t", config: $0) },
            fit: fit.map { (name: "f", config: $0) }, warmupCount: 1, repeatCount: 3, passes: 2, threads: 1)
        #expect(validation.test.count == 2 && validation.fit.count == 3)
        for row in validation.test + validation.fit {
            #expect(row.predictedMedianMs == profile.predictedLatencyMs(row.config, statistic: .median))
            #expect(row.predictedMeanMs == profile.predictedLatencyMs(row.config, statistic: .mean))
            #expect(row.measured.count == 6 && row.measured.medianMs > 0 && row.measuredWall.medianMs > 0)
        }
        let differences = validation.fit.map { $0.measured.medianMs - $0.predictedMedianMs }
        #expect(abs(validation.offsetCorrection.offsetMs - differences.reduce(0, +) / 3) < 1e-9)

        let folder = try TemporaryDirectory()
        try validation.write(hdf5: folder.file("r.h5").path, attributes: ["device": .string("host")])
        try validation.writeCSV(to: folder.file("r.csv").path)
        let file = try HDF5File.open(folder.file("r.h5").path)
        #expect(try file.root.group("test").readDoubles("predicted_median_ms") == validation.test.map(\.predictedMedianMs))
        #expect(try file.root.stringAttribute("device") == "host")
        try file.close()
        let lines = try String(contentsOf: folder.file("r.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 5 && lines[1].hasPrefix("test,t,40,"))
        // A net whose resolution the profile lacks is named.
        #expect(throws: LatencyTableError.self) {
            _ = try ProfileValidation.run(profile: profile, weights: Self.weights,
                                          test: [(name: "big", config: SubnetConfig.smallest)], fit: [],
                                          warmupCount: 0, repeatCount: 1, passes: 1, threads: 1)
        }
    }
}
