import Foundation
import HDF5
import OFA
import Testing
import TestSupport

/// The library file, the published Dynamic-OFA library, level spreading, and the HDF5 predictor/profile files.
@Suite struct SubnetLibraryTests {
    static func publishedLibrary() throws -> SubnetLibrary {
        try SubnetLibrary.published(json: SharedData.url("data/dynamic-ofa/library.json"),
                                    predictor: AccuracyPredictorTests.sharedPredictor(),
                                    tables: [LatencyTableTests.table("gpu"), LatencyTableTests.table("cpu")])
    }

    @Test func publishedLibraryCarriesTheExportsValues() throws {
        let library = try Self.publishedLibrary()
        let nets = try PublishedNets.load()
        #expect(library.levels.count == 13)
        #expect(library.devices == ["cpu", "gpu"])
        for (level, net) in zip(library.levels, nets) {
            #expect(level.name == net.name && level.config == net.config)
            #expect(level.measuredTop1Percent == net.top1Percent && level.top1Percent == net.top1Percent)
            #expect(level.measuredLatencyMs["gpu"] == net.latencyMs)
            // MACs/params from Complexity against the export's exact counts (spec section 6).
            #expect(level.macs == net.derivedMACs && level.params == net.derivedParams)
            #expect(abs((level.latencyMs["gpu"] ?? .nan) - (net.derivedGPUTableSumMs ?? .nan)) < 1e-9)
            #expect(abs((level.latencyMs["cpu"] ?? .nan) - (net.derivedCPUTableSumMs ?? .nan)) < 1e-7)
            let predicted = try #require(level.predictedAccuracy)
            #expect(abs(predicted - (net.derivedPredictorOutput ?? .nan)) < 1e-6)
            #expect(level.correctedTop1Percent == AccuracyCorrection.dynamicOFALibrary.top1Percent(predicted: predicted))
        }
        let nets7 = try SubnetLibrary.published(json: SharedData.url("data/dynamic-ofa/library.json"),
                                                libraries: ["nets_7"])
        #expect(nets7.levels.map(\.name) == (0..<7).map { "nets_7[\($0)]" })
        #expect(nets7.levels.allSatisfy { $0.predictedAccuracy == nil && $0.latencyMs.isEmpty })
    }

    @Test func fileRoundTripsAndReadsWithItsLayout() throws {
        var library = try Self.publishedLibrary()
        library.levels[2].latencyByOperatingPointMs = ["gpu": ["1109250kHz": 23.7, "510000kHz": 41.0]]
        library.levels[2].measuredTop1Percent = nil
        let folder = try TemporaryDirectory("library")
        let path = folder.file("library.h5").path
        try library.write(to: path)
        let loaded = try SubnetLibrary.load(path: path)
        #expect(loaded == library)
        #expect(loaded.levels[2].top1Percent == loaded.levels[2].correctedTop1Percent)
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        #expect(try file.root.attribute("format") == .string("tandem.library"))
        #expect(try file.root.datasetShape("ks") == [13, 20])
        #expect(try file.root.group("latency_ms").children().sorted() == ["cpu", "gpu"])
    }

    @Test func badLibraryFilesAreNamed() throws {
        let folder = try TemporaryDirectory("library-bad")
        let good = folder.file("good.h5").path
        try Self.publishedLibrary().write(to: good)

        func rewrite(_ name: String, _ edit: (HDF5Group) throws -> Void) throws -> String {
            let path = folder.file(name).path
            try FileManager.default.copyItem(atPath: good, toPath: path)
            let file = try HDF5File.open(path, writable: true)
            try edit(file.root)
            try file.close()
            return path
        }
        let foreign = try rewrite("foreign.h5") { try $0.setAttribute("format", "something.else") }
        #expect { try SubnetLibrary.load(path: foreign) } throws: { "\($0)".contains("foreign.h5") && "\($0)".contains("format") }

        let shortColumn = try rewrite("short.h5") { root in
            try root.remove("r")
            _ = try root.write("r", [176, 176], shape: [2])
        }
        #expect(throws: SubnetLibraryError.invalid(source: shortColumn, field: "r", problem: "has shape [2], expected [13]")) {
            try SubnetLibrary.load(path: shortColumn)
        }
        let badConfig = try rewrite("config.h5") { root in
            var ks = try root.read("ks", as: Int.self).values
            ks[20 + 3] = 4
            try root.remove("ks")
            _ = try root.write("ks", ks, shape: [13, 20])
        }
        #expect { try SubnetLibrary.load(path: badConfig) } throws: { error in
            "\(error)".contains("level 1") && "\(error)".contains("ks[3]")
        }
        let badLatency = try rewrite("latency.h5") { root in
            let group = try root.group("latency_ms")
            try group.remove("gpu")
            _ = try group.write("gpu", [Double](repeating: -1, count: 13), shape: [13])
        }
        #expect { try SubnetLibrary.load(path: badLatency) } throws: { "\($0)".contains("latency_ms/gpu[0]") }
        let text = folder.file("text.h5").path
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: SubnetLibraryError.self) { try SubnetLibrary.load(path: text) }
    }

    @Test func levelsAreSpreadAlongTheFront() throws {
        let config = SubnetConfig.smallest
        let front = (0..<50).map { index in
            ParetoSearch.Candidate(config: config, accuracy: 0.7 + Double(index) * 0.001,
                                   latencyMs: 10 + Double(index * index) * 0.01)
        }
        let result = ParetoSearch.Result(front: front, evaluations: 50, seconds: 0)
        let levels = result.levels(5)
        #expect(levels.count == 5)
        #expect(levels.first == front.first && levels.last == front.last)
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0.latencyMs < $1.latencyMs })
        // Nearest to each equally spaced target (10, 16.0, 22.0, 28.0, 34.01 ms) by a brute-force reference.
        let span = front[49].latencyMs - front[0].latencyMs
        for (level, step) in zip(levels, 0..<5) {
            let target = front[0].latencyMs + Double(step) / 4 * span
            let distances: [Double] = front.map { abs($0.latencyMs - target) }
            let best: Double = distances.min() ?? .nan
            let nearest = front[distances.firstIndex(of: best) ?? 0]
            #expect(level == nearest)
        }
        #expect(result.levels(80).count == 50)
        #expect(result.levels(0).isEmpty)
    }

    @Test func predictorHDF5FileMatchesTheJSONAndNamesBadShapes() throws {
        let jsonURL = try SharedData.url("data/dynamic-ofa/accuracy-predictor.json")
        let tensors = try AccuracyPredictor.readDynamicOFAJSON(jsonURL)
        let folder = try TemporaryDirectory("predictor")
        let path = folder.file("predictor.h5").path
        try AccuracyPredictor.writeHDF5(tensors, to: path, source: jsonURL.path)
        let fromHDF5 = try AccuracyPredictor.load(path: path)
        let fromJSON = try AccuracyPredictor.load(path: jsonURL.path)
        for net in try PublishedNets.load() {
            #expect(fromHDF5.predict(net.config) == fromJSON.predict(net.config))
        }
        var wrong = tensors
        wrong["4.weight"] = .init(shape: [400, 300], values: [Float](repeating: 0, count: 120_000))
        let wrongPath = folder.file("wrong.h5").path
        try AccuracyPredictor.writeHDF5(wrong, to: wrongPath, source: "test")
        #expect(throws: AccuracyPredictorError.wrongShape(key: "4.weight", expected: [400, 400], found: [400, 300],
                                                          source: wrongPath)) {
            try AccuracyPredictor.load(path: wrongPath)
        }
        #expect(throws: AccuracyPredictorError.self) { try AccuracyPredictor.load(path: folder.file("none.h5").path) }
    }

    @Test func profileFileRoundTripsAndNamesMissingKeys() throws {
        let gpu = try LatencyTableTests.table("gpu")
        let folder = try TemporaryDirectory("profile")
        let path = folder.file("profile.h5").path
        try gpu.writeProfile(to: path)
        let loaded = try LatencyTable.load(path: path)
        #expect(loaded.device == "gpu" && loaded.width == .w1_2 && loaded.resolutions == gpu.resolutions)
        #expect(loaded.entries == gpu.entries)
        #expect(try LatencyTable.operatingPoints(inProfile: path).isEmpty)

        // Drop one key of r=200 and the error must say so.
        var entries = gpu.entries
        let key = LatencyTableKeys.requiredKeys(resolution: 200, width: .w1_2)[40]
        entries[200]?[key] = nil
        let file = try HDF5File.create(folder.file("broken.h5").path)
        try file.root.setAttribute("format", LatencyTable.profileFormat)
        try file.root.setAttribute("version", LatencyTable.profileVersion)
        try file.root.setAttribute("device", "gpu")
        try file.root.setAttribute("width", "1.2")
        let tables = try file.root.createGroup("tables")
        for resolution in [196, 200] {
            let group = try tables.createGroup("r\(resolution)")
            let keys = (entries[resolution] ?? [:]).keys.sorted()
            _ = try group.writeStrings("keys", keys)
            _ = try group.write("mean_ms", keys.map { entries[resolution]?[$0]?.meanMs ?? 0 }, shape: [keys.count])
        }
        try file.close()
        #expect(throws: LatencyTableError.missingKey(resolution: 200, key: key, source: folder.file("broken.h5").path)) {
            try LatencyTable.load(path: folder.file("broken.h5").path)
        }
    }
}
