import Foundation
@testable import OFA
@testable import OFAEngine
import Testing
import TestSupport

/// NSGA-II's parts against naive references, and the search's acceptance on the Dynamic-OFA data (issue 9).
@Suite struct SearchTests {
    /// Naive O(n²)-per-front peeling: a front is the points no remaining point dominates.
    static func naiveFronts(_ points: [[Double]]) -> [[Int]] {
        var remaining = Set(points.indices)
        var fronts: [[Int]] = []
        while !remaining.isEmpty {
            let front = remaining.filter { i in
                !remaining.contains { j in j != i && NonDominatedSort.dominates(points[j], points[i]) }
            }.sorted()
            fronts.append(front)
            remaining.subtract(front)
        }
        return fronts
    }

    @Test func nonDominatedSortMatchesNaivePeeling() {
        var random = SearchRandomGenerator(seed: 5)
        for trial in 0..<40 {
            let count = 1 + random.below(120)
            let objectives = 2 + trial % 2
            // Coarse values so that ties and duplicates occur.
            let points = (0..<count).map { _ in (0..<objectives).map { _ in Double(random.below(12)) } }
            #expect(NonDominatedSort.fronts(points) == Self.naiveFronts(points))
        }
        #expect(NonDominatedSort.fronts([]) == [])
    }

    @Test func dominanceIsStrictInOneObjective() {
        #expect(NonDominatedSort.dominates([1, 2], [1, 3]))
        #expect(!NonDominatedSort.dominates([1, 2], [1, 2]))
        #expect(!NonDominatedSort.dominates([0, 3], [1, 2]))
    }

    @Test func crowdingDistanceOfAKnownFront() {
        // Points on a line: interior distance = (next − previous) / range summed over both objectives.
        let points: [[Double]] = [[0, 4], [1, 3], [3, 1], [4, 0]]
        let distances = NonDominatedSort.crowdingDistances(points, front: [0, 1, 2, 3])
        #expect(distances[0] == .infinity && distances[3] == .infinity)
        #expect(abs(distances[1] - (3.0 / 4 + 3.0 / 4)) < 1e-12)
        #expect(abs(distances[2] - (3.0 / 4 + 3.0 / 4)) < 1e-12)
    }

    /// The archive keeps exactly the non-dominated set of everything inserted.
    @Test func archiveEqualsTheFirstFrontOfAllInsertedPoints() {
        var random = SearchRandomGenerator(seed: 9)
        var archive = ParetoArchive()
        var all: [ScoredGenome] = []
        let genome = SubnetGenome(kernelIndex: .init(repeating: 0, count: 20), expandIndex: .init(repeating: 0, count: 20),
                                  depthIndex: .init(repeating: 0, count: 5), resolutionIndex: 0)
        for _ in 0..<500 {
            let point = ScoredGenome(genome: genome, accuracy: Double(random.below(60)) / 100,
                                     latencyMs: Double(random.below(60)))
            all.append(point)
            archive.insert(point)
        }
        let first = Self.naiveFronts(all.map(\.objectives))[0]
        let expected = Set(first.map { "\(all[$0].latencyMs)/\(all[$0].accuracy)" })
        let got = archive.members.map { "\($0.latencyMs)/\($0.accuracy)" }
        #expect(Set(got) == expected)
        #expect(got.count == expected.count)  // no duplicates
        #expect(zip(archive.members, archive.members.dropFirst()).allSatisfy {
            $0.latencyMs < $1.latencyMs && $0.accuracy < $1.accuracy
        })
    }

    @Test func genomeRoundTripsAndAgreesWithTheTableAndEncoding() throws {
        let gpu = try LatencyTableTests.table("gpu")
        let compiled = gpu.compiled()
        for net in try PublishedNets.load() {
            let genome = try #require(SubnetGenome(net.config, resolutions: gpu.resolutions))
            #expect(genome.config(resolutions: gpu.resolutions) == net.config)
            #expect(abs(compiled.latencyMs(genome) - (try gpu.latencyMs(net.config))) < 1e-9)
            #expect(genome.predictorSlots(resolutions: gpu.resolutions)
                    == AccuracyPredictorEncoding.activeSlots(net.config))
        }
    }

    /// Acceptance (issue 9): every published library net is matched or dominated by the found front, on the
    /// Jetson GPU table and the OFA predictor; the front is non-dominated and its points are what it claims.
    @Test func frontMatchesOrDominatesThePublishedLibraryOnGPU() throws {
        try Self.checkAcceptance(device: "gpu")
    }

    @Test func frontMatchesOrDominatesThePublishedLibraryOnCPU() throws {
        try Self.checkAcceptance(device: "cpu")
    }

    static func checkAcceptance(device: String) throws {
        let predictor = try AccuracyPredictorTests.sharedPredictor()
        let table = try LatencyTableTests.table(device)
        let search = ParetoSearch(predictor: predictor, latencyTable: table)
        var options = ParetoSearch.Options()
        options.seed = 1
        let result = search.run(options)
        print("search \(device): \(result.front.count) front points, \(result.evaluations) evaluations, "
              + String(format: "%.2f s", result.seconds))
        if let top = result.front.last, let bottom = result.front.first {
            print("  ends: \(bottom.accuracy) @ \(bottom.latencyMs) ms … \(top.accuracy) @ \(top.latencyMs) ms")
        }
        for net in try PublishedNets.load() {
            let published = ParetoSearch.Candidate(config: net.config, accuracy: predictor.predict(net.config),
                                                   latencyMs: try table.latencyMs(net.config))
            #expect(result.front.contains { $0.matchesOrDominates(published) },
                    "\(device) \(net.name) (\(published.accuracy), \(published.latencyMs) ms) is not matched")
        }
        let points = result.front.map { [-$0.accuracy, $0.latencyMs] }
        #expect(NonDominatedSort.fronts(points).count == 1)
        for candidate in result.front.prefix(20) {
            #expect(abs(predictor.predict(candidate.config) - candidate.accuracy) < 1e-6)  // batch GEMM vs one row: float32 order
            #expect(abs(try table.latencyMs(candidate.config) - candidate.latencyMs) < 1e-9)
        }
    }

    @Test func sameSeedGivesTheSameFrontAndAnotherSeedAnother() throws {
        let search = ParetoSearch(predictor: try AccuracyPredictorTests.sharedPredictor(),
                                  latencyTable: try LatencyTableTests.table("gpu"))
        var options = ParetoSearch.Options()
        options.populationSize = 32
        options.generations = 15
        options.localSearchRounds = 2
        options.topEndRounds = 1
        options.seed = 42
        let first = search.run(options).front
        let second = search.run(options).front
        #expect(first == second)
        options.seed = 43
        #expect(search.run(options).front != first)
    }

    /// `tandem search` end to end: the --json contract, the library file, and bad input with exit codes.
    @Test func commandLineWritesTheLibraryAndPrintsTheFront() throws {
        let folder = try TemporaryDirectory("search-cli")
        let tables = try SharedData.url("data/dynamic-ofa/latency-tables").path
        let predictor = try SharedData.url("data/dynamic-ofa/accuracy-predictor.json").path
        let published = try SharedData.url("data/dynamic-ofa/library.json").path
        let out = folder.file("library.h5").path
        let run = try Executables.run("tandem", [
            "search", "--profile", tables, "--accuracy", predictor, "--levels", "4", "--out", out, "--json",
            "--seed", "3", "--generations", "5", "--population", "16", "--local-search", "0",
            "--published", published])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let front = try #require(object["front"] as? [[String: Any]])
        #expect(!front.isEmpty && object["seconds"] is Double)
        let first = try #require(front.first)
        let config = try #require(first["config"] as? [String: Any])
        #expect((config["ks"] as? [Int])?.count == 20 && config["r"] is Int)
        let accuracy = try #require(first["accuracy"] as? Double)
        let latency = try #require(first["latency_ms"] as? Double)
        #expect(accuracy > 0.5 && accuracy < 1 && latency > 0)
        let library = try SubnetLibrary.load(path: out)
        #expect(library.levels.count == 4 && library.devices == ["cpu", "gpu"])
        let gpu = try LatencyTableTests.table("gpu")
        for level in library.levels {
            #expect(abs((level.latencyMs["gpu"] ?? .nan) - (try gpu.latencyMs(level.config))) < 1e-9)
        }

        // A table folder with a key missing: exit 1, the message names the resolution and the key.
        let broken = folder.file("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        let source = try SharedData.url("data/dynamic-ofa/latency-tables/gpu/160.json")
        var table = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        table.removeValue(forKey: "Logits-input:1x1x1536-output:1000")
        try JSONSerialization.data(withJSONObject: table).write(to: broken.appendingPathComponent("160.json"))
        let bad = try Executables.run("tandem", ["search", "--profile", broken.path, "--accuracy", predictor,
                                                 "--levels", "3", "--out", folder.file("x.h5").path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("160") && bad.stderr.contains("Logits-input:1x1x1536-output:1000"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("x.h5").path))

        let usage = try Executables.run("tandem", ["search", "--profile", tables, "--accuracy", predictor,
                                                   "--levels", "0", "--out", folder.file("y.h5").path])
        #expect(usage.status == 64)
        let missing = try Executables.run("tandem", ["search", "--profile", tables, "--accuracy",
                                                     folder.file("none.h5").path, "--levels", "3", "--out", out])
        #expect(missing.status == 1 && missing.stderr.contains("none.h5"))
    }
}
