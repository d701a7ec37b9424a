import ArgumentParsing
import Foundation
import OFA

/// `tandem search`: NSGA-II over the OFA sub-network space with the accuracy predictor and a latency table,
/// then a library of N levels spread along the Pareto front, written as `library.h5`.
enum SearchCommand: Command {
    static let spec = CommandSpec(
        name: "search",
        abstract: "Search Pareto-optimal sub-networks (accuracy vs latency) and write a sub-network library.",
        discussion: """
            --profile takes a profile.h5 written by `tandem profile`, a folder of Dynamic-OFA latency tables (one \
            NNN.json per resolution), or a folder holding such folders per device (cpu/, gpu/; --device picks the \
            one to optimise, every device's latency goes into the library). --accuracy takes the predictor as HDF5 \
            (datasets 0.weight … 6.bias) or Dynamic-OFA's JSON export. Accuracy in --json is the predictor's raw \
            fraction; the library also holds it corrected to ImageNet top-1 (AccuracyCorrection).
            """,
        options: [
            .value("profile", "PROFILE", "profile.h5 or a folder of Dynamic-OFA latency tables.", required: true),
            .value("accuracy", "PRED", "Accuracy predictor (HDF5 or Dynamic-OFA JSON).", required: true),
            .value("levels", "N", "Number of library levels spread along the front.", required: true),
            .value("out", "LIBRARY.h5", "Library file to write.", required: true),
            .value("device", "cpu|gpu", "Device table to optimise when --profile holds several (default: gpu)."),
            .value("seed", "K", "Random seed.", default: "0"),
            .value("generations", "G", "NSGA-II generations.", default: "150"),
            .value("population", "P", "NSGA-II population size.", default: "128"),
            .value("local-search", "ROUNDS", "Rounds of Pareto local search after NSGA-II (0: none).", default: "30"),
            .value("published", "LIBRARY.json", "Dynamic-OFA library.json: attach measured top-1 to matching configs."),
            .flag("json", "Print {\"front\": [...], \"seconds\": ...} on standard output."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let profilePath = try arguments.required("profile")
        let levelCount = try positive(arguments, "levels")
        let outPath = try arguments.required("out")
        var options = ParetoSearch.Options()
        options.generations = try nonNegative(arguments, "generations")
        options.populationSize = try positive(arguments, "population")
        options.localSearchRounds = try nonNegative(arguments, "local-search")
        if options.localSearchRounds == 0 { options.topEndRounds = 0 }
        guard let seed = UInt64(arguments.string("seed") ?? "0") else {
            throw UsageError.invalidValue(option: "seed", value: arguments.string("seed") ?? "", expected: "an integer ≥ 0")
        }
        options.seed = seed
        let device = arguments.string("device")

        let predictor = try AccuracyPredictor.load(path: try arguments.required("accuracy"))
        let (tables, opps) = try loadTables(profilePath)
        guard let table = device.map({ name in tables.first { $0.device == name } }) ?? tables.first(where: { $0.device == "gpu" }) ?? tables.first else {
            throw UsageError.invalidValue(option: "device", value: device ?? "", expected: tables.map(\.device).joined(separator: "|"))
        }
        let result = ParetoSearch(predictor: predictor, latencyTable: table).run(options)
        let chosen = result.levels(levelCount)
        let published = try arguments.string("published").map { try PublishedSubnet.load(json: URL(fileURLWithPath: $0)) } ?? []
        var library = try SubnetLibrary.build(
            configs: chosen.enumerated().map { ("level\($0.offset)", $0.element.config) }, predictor: predictor,
            tables: tables, published: published, width: table.width,
            provenance: "tandem search --profile \(profilePath) --device \(table.device) --seed \(seed) "
                + "--generations \(options.generations) --population \(options.populationSize) "
                + "--local-search \(options.localSearchRounds); "
                + "\(result.front.count) front points from \(result.evaluations) evaluated sub-networks")
        for (index, level) in library.levels.enumerated() {
            for opp in opps {
                library.levels[index].latencyByOperatingPointMs[opp.table.device, default: [:]][opp.label] =
                    try opp.table.latencyMs(level.config)
            }
        }
        try library.write(to: outPath)

        if arguments.flag("json") {
            let front: [[String: Any]] = result.front.map {
                ["config": ["ks": $0.config.ks, "e": $0.config.e, "d": $0.config.d, "r": $0.config.r],
                 "accuracy": $0.accuracy, "latency_ms": $0.latencyMs]
            }
            let object: [String: Any] = ["front": front, "seconds": result.seconds, "device": table.device,
                                         "evaluations": result.evaluations, "levels": library.levels.count,
                                         "out": outPath]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "searched %d sub-networks on the %@ table in %.2f s: %d on the Pareto front",
                         result.evaluations, table.device, result.seconds, result.front.count))
            for level in library.levels {
                let latency = library.devices.map { String(format: "%@ %.2f ms", $0, level.latencyMs[$0] ?? .nan) }
                print(String(format: "  %@  r=%d d=%@  predicted %.4f  top-1 %.2f %%  %@  %.1f M MACs", level.name,
                             level.config.r, level.config.d.map(String.init).joined(), level.predictedAccuracy ?? .nan,
                             level.top1Percent, latency.joined(separator: ", "), Double(level.macs) / 1e6))
            }
            print("wrote \(outPath)")
        }
        return 0
    }

    /// The tables under `path`: a profile.h5 (plus its per-OPP tables), a folder of NNN.json, or a folder of such
    /// folders (one per device).
    static func loadTables(_ path: String) throws -> ([LatencyTable], [(label: String, table: LatencyTable)]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LatencyTableError.unreadable(source: path, problem: "no such file or folder")
        }
        guard isDirectory.boolValue else {
            let table = try LatencyTable.load(profile: path)
            let opps = try LatencyTable.operatingPoints(inProfile: path).map { label in
                (label: label, table: try LatencyTable.load(profile: path, operatingPoint: label))
            }
            return ([table], opps)
        }
        let url = URL(fileURLWithPath: path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if names.contains(where: { $0.hasSuffix(".json") }) {
            return ([try LatencyTable(dynamicOFADirectory: url)], [])
        }
        var tables: [LatencyTable] = []
        for name in names.sorted() {
            var sub: ObjCBool = false
            let child = url.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: child.path, isDirectory: &sub), sub.boolValue {
                tables.append(try LatencyTable(dynamicOFADirectory: child))
            }
        }
        guard !tables.isEmpty else {
            throw LatencyTableError.unreadable(source: path, problem: "holds no NNN.json tables and no per-device folders of them")
        }
        return (tables, [])
    }

    static func positive(_ arguments: ParsedArguments, _ name: String) throws -> Int {
        guard let value = try arguments.int(name), value > 0 else {
            throw UsageError.invalidValue(option: name, value: arguments.string(name) ?? "", expected: "an integer > 0")
        }
        return value
    }

    static func nonNegative(_ arguments: ParsedArguments, _ name: String) throws -> Int {
        guard let value = try arguments.int(name), value >= 0 else {
            throw UsageError.invalidValue(option: name, value: arguments.string(name) ?? "", expected: "an integer ≥ 0")
        }
        return value
    }
}
