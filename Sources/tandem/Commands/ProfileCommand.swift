import ArgumentParsing
import Foundation
import OFA
import Platform

/// `tandem profile`: the per-layer latency table of this device, measured with the real Swift engine.
enum ProfileCommand: Command {
    static let defaultResolutions = [160, 192, 224]

    static let spec = CommandSpec(
        name: "profile",
        abstract: "Measure the per-layer latency table of this device with the Swift OFA engine (profile.h5).",
        discussion: """
            Times every layer of the Dynamic-OFA per-layer model alone (stem, first block, each elastic block's \
            3 kernels × 3 expand ratios at its input size, final expand, pool, feature mix, classifier: 96 layers \
            per resolution) with --warmup untimed and --repeat timed runs, in interleaved rounds over 32 layers at a \
            time (a burst of load spreads over many layers); stores mean, standard deviation, median, \
            p10 and p90 per layer, the perf counters this kernel offers (calling thread) and power where rails exist. \
            With --opp all the table is measured at every CPU operating point (cpufreq), and the governors are \
            restored afterwards. The file is rewritten atomically after every 32 layers; \
            --resume continues an interrupted run; without it an existing file is replaced. `tandem search \
            --profile` reads the result.
            """,
        options: [
            .value("out", "FILE", "Output profile (HDF5).", required: true),
            .value("weights", "W.h5", "Supernet weights (HDF5); latency does not depend on the values."),
            .flag("synthetic", "Use the spec's synthetic weights (the default without --weights)."),
            .value("width", "1.0|1.2", "Supernet width (the Dynamic-OFA tables and library are w1.2).", default: "1.0"),
            .value("platform", "NAME", "host or a built-in board (\(PlatformCatalog.builtInNames.joined(separator: ", "))); "
                   + "names the device in the table", default: "host"),
            .value("sysfs-root", "DIR", "The folder that stands for / (a fake tree in tests)."),
            .value("resolutions", "R,R,…", "Input resolutions.", default: defaultResolutions.map(String.init).joined(separator: ",")),
            .value("repeat", "N", "Timed runs per layer.", default: "10"),
            .value("warmup", "N", "Untimed runs per layer before timing.", default: "2"),
            .value("threads", "N", "Threads for the kernels and OpenBLAS (as in `tandem bench infer`).", default: "2"),
            .value("clock", "wall|cpu", "Time layers by elapsed time, or by the process's CPU time (on a machine "
                   + "shared with busy processes; equals latency with --threads 1).", default: "wall"),
            .value("opp", "all|current", "Profile at every CPU operating point, or at the current one.", default: "current"),
            .flag("resume", "Continue the profile in --out, keeping the layers it holds."),
            .flag("json", "Print one JSON object summarising the run."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let platform = try arguments.choice("platform", in: PlatformCatalog.names) ?? "host"
        let outPath = try arguments.required("out")
        let oppMode = try arguments.choice("opp", in: ["all", "current"]) ?? "current"
        let clockName = try arguments.choice("clock", in: LatencyClock.allCases.map(\.rawValue)) ?? "wall"
        let clock = LatencyClock(rawValue: clockName) ?? .wall
        let resolutions = try parseResolutions(arguments.string("resolutions") ?? "")
        let repeatCount = try arguments.int("repeat") ?? 10
        let warmupCount = try arguments.int("warmup") ?? 2
        let threads = try arguments.int("threads") ?? 2
        if arguments.flag("synthetic"), arguments.string("weights") != nil {
            throw UsageError.invalidValue(option: "synthetic", value: "with --weights", expected: "either --weights or --synthetic")
        }
        let rootPath = arguments.string("sysfs-root")
        if let rootPath {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: rootPath, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError.invalidValue(option: "sysfs-root", value: rootPath, expected: "an existing folder")
            }
        }
        let board = BoardDiscovery(root: SysfsRoot(root: rootPath ?? "/")).discover()
        if platform != "host", board.matchingBuiltIn?.name != platform {
            throw ProfileCommandError.notThatBoard(platform: platform, root: board.root.root, found: board.kind.rawValue)
        }

        let weights = try InferCommand.loadWeights(arguments)
        let settings = SupernetProfile.Settings(
            width: weights.architecture.width, resolutions: resolutions, repeatCount: repeatCount,
            warmupCount: warmupCount, threads: threads, weights: arguments.string("weights") ?? "synthetic",
            clock: clock)
        try SupernetProfiler.validate(settings)

        // Operating points: the current one, or every CPU OPP when cpufreq actuators exist.
        var notes: [String: String] = [:]
        let actuators = oppMode == "all" ? try board.cpuActuators() : []
        let frequencies = Array(Set(actuators.flatMap(\.availableFrequenciesKHz))).sorted(by: >)
        let points: [(label: String, kHz: Int?)] = frequencies.isEmpty
            ? [("current", nil)] : frequencies.map { ("cpu\($0)kHz", $0) }
        if oppMode == "all", frequencies.isEmpty {
            notes["opp"] = "--opp all: no cpufreq policy with a frequency table under \(board.root.root) "
                + "(\(board.kind.rawValue)); measured at the current operating point only"
        } else if oppMode == "all" {
            notes["opp"] = "CPU operating points of \(actuators.map(\.domain).joined(separator: ", ")), each policy "
                + "pinned to the highest of its frequencies not above the label; governors restored afterwards"
        } else {
            notes["opp"] = "current operating point (governors untouched)"
        }

        var profile = SupernetProfile(device: platform, settings: settings, operatingPoints: points.map(\.label))
        if arguments.flag("resume"), FileManager.default.fileExists(atPath: outPath) {
            profile = try resumable(outPath, settings: settings, device: platform, points: points.map(\.label))
        }
        let probe = LayerCounterProbe(board: board)
        notes["counters"] = probe.countersNote
        notes["power"] = probe.powerNote
        profile.notes.merge(notes) { _, new in new }
        // Fails now, not after minutes of measuring, when the output cannot be written.
        try profile.write(to: outPath)

        let profiler = try SupernetProfiler(weights: weights, settings: settings)
        let progress = ProgressLine(isTerminal: isatty(STDERR_FILENO) == 1)
        let previously = profile.measurementCount
        let start = Date()
        do {
            defer { for actuator in actuators { try? actuator.restore() } }
            for point in points {
                if let kHz = point.kHz {
                    for actuator in actuators {
                        let target = actuator.availableFrequenciesKHz.filter { $0 <= kHz }.max()
                            ?? actuator.availableFrequenciesKHz.min() ?? kHz
                        try actuator.setFrequency(kHz: target)
                    }
                }
                profile = try profiler.profile(profile, operatingPoint: point.label, probe: probe,
                                               progress: progress.show, checkpoint: { try $0.write(to: outPath) })
            }
        }
        progress.finish()
        try profile.write(to: outPath)
        let seconds = Date().timeIntervalSince(start)
        let measuredNow = profile.measurementCount - previously

        if arguments.flag("json") {
            let object: [String: Any] = [
                "out": outPath, "device": platform, "width": settings.width.rawValue, "resolutions": resolutions,
                "layers_measured": measuredNow, "layers_total": profile.measurementCount,
                "complete": profile.isComplete, "seconds": seconds, "operating_points": profile.operatingPoints,
                "counters_available": probe.available, "notes": profile.notes,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("profiled \(measuredNow) layers (\(profile.measurementCount) in the file, "
                + "\(profile.isComplete ? "complete" : "incomplete")) in \(String(format: "%.1f", seconds)) s → \(outPath)")
            for topic in profile.notes.keys.sorted() { print("  \(topic): \(profile.notes[topic] ?? "")") }
            for resolution in resolutions {
                let smallest = SubnetConfig.smallest.at(resolution: resolution)
                let largest = SubnetConfig.largest.at(resolution: resolution)
                if let low = profile.predictedLatencyMs(smallest), let high = profile.predictedLatencyMs(largest) {
                    print(String(format: "  r%d: predicted %.2f ms (smallest) … %.2f ms (largest)", resolution, low, high))
                }
            }
        }
        return 0
    }

    /// `160,176,…`: integers, distinct, within the engine's range (checked again by the profiler).
    static func parseResolutions(_ text: String) throws -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Int] = []
        for item in items {
            guard let value = Int(item) else {
                throw UsageError.invalidValue(option: "resolutions", value: text,
                                              expected: "comma-separated integers such as 160,192,224 ('\(item)' is not one)")
            }
            values.append(value)
        }
        return values
    }

    /// The file at `path` as a starting point, provided it was measured with the same settings.
    private static func resumable(_ path: String, settings: SupernetProfile.Settings, device: String,
                                  points: [String]) throws -> SupernetProfile {
        var existing = try SupernetProfile.read(from: path)
        let old = existing.settings
        let checks: [(String, String, String)] = [
            ("device", existing.device, device), ("width", old.width.rawValue, settings.width.rawValue),
            ("repeat", "\(old.repeatCount)", "\(settings.repeatCount)"),
            ("warmup", "\(old.warmupCount)", "\(settings.warmupCount)"),
            ("threads", "\(old.threads)", "\(settings.threads)"),
            ("clock", old.clock.rawValue, settings.clock.rawValue),
            ("operating points", existing.operatingPoints.joined(separator: ","), points.joined(separator: ",")),
        ]
        for (field, inFile, requested) in checks where inFile != requested {
            throw ProfileError.resumeMismatch(path: path, field: field, inFile: inFile, requested: requested)
        }
        existing.settings.resolutions = settings.resolutions
        existing.settings.weights = settings.weights
        return existing
    }
}

/// A built-in board was named but this machine is not that board.
enum ProfileCommandError: Error, CustomStringConvertible {
    case notThatBoard(platform: String, root: String, found: String)

    var description: String {
        switch self {
        case let .notThatBoard(platform, root, found):
            "--platform \(platform): the machine under \(root) is not a \(platform) (discovered \(found)); "
                + "profile it as --platform host, or run on the board"
        }
    }
}

/// Per-layer perf counters (`PerfCounterGroup` on the calling thread) and power (the discovered rails).
private final class LayerCounterProbe: LayerProbe {
    private let group: PerfCounterGroup?
    private var sensor: (any PowerRailSensor)?
    private var before: PerfReading?
    private var startSamples: [RailSample] = []
    let available: [String]
    let countersNote: String
    let powerNote: String

    init(board: DiscoveredBoard) {
        let group = try? PerfCounterGroup(PerfEvent.allCases, scope: .callingThread)
        self.group = group
        available = group?.events.map(\.rawValue) ?? []
        let refused = (group?.unavailable ?? [:]).keys.map(\.rawValue).sorted()
        if let group, !group.events.isEmpty {
            countersNote = "per run, calling thread only (kernel worker threads are not counted): "
                + available.joined(separator: ", ")
                + (refused.isEmpty ? "" : "; refused by this kernel: \(refused.joined(separator: ", "))")
                + (group.events.allSatisfy { !$0.isHardware } ? " (software events only: a VM without a PMU)" : "")
        } else {
            countersNote = "no perf counter available (perf_event_open refused every event)"
        }
        do {
            sensor = try board.powerRailSensor()
        } catch {
            sensor = nil
        }
        if let sensor, let rail = sensor.railNames.first {
            powerNote = "power_w is rail '\(rail)' of \(sensor.sourceDescription), mean over each layer's timed runs"
        } else {
            powerNote = "no power rails on this machine (\(board.kind.rawValue)): power not measured"
        }
    }

    func begin() {
        before = try? group?.read()
        if var sensor {
            startSamples = (try? sensor.read()) ?? []
            self.sensor = sensor
        }
    }

    func end(runs: Int, elapsedSeconds: Double) -> LayerProbeReading {
        var counters: [String: Double] = [:]
        if let group, let before, let after = try? group.read() {
            for event in group.events {
                let delta = Double((after.values[event] ?? 0) &- (before.values[event] ?? 0))
                counters[event.rawValue] = delta / Double(max(1, runs))
            }
        }
        var power: Double?
        if var sensor, let rail = sensor.railNames.first {
            let samples = (try? sensor.read()) ?? []
            self.sensor = sensor
            let first = startSamples.first { $0.name == rail }
            let last = samples.first { $0.name == rail }
            if let startEnergy = first?.energyJ, let endEnergy = last?.energyJ, elapsedSeconds > 0 {
                power = (endEnergy - startEnergy) / elapsedSeconds
            } else {
                let readings = [first?.powerW, last?.powerW].compactMap { $0 }
                power = readings.isEmpty ? nil : readings.reduce(0, +) / Double(readings.count)
            }
        }
        return LayerProbeReading(countersPerRun: counters, powerW: power)
    }
}

/// A progress bar with ETA on a terminal (redrawn in place on stderr), plain lines otherwise (every 32 layers).
private final class ProgressLine {
    let isTerminal: Bool
    private var lastPlain = -1
    private var drawn = false

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    func show(_ progress: SupernetProfiler.Progress) {
        let percent = Double(progress.done) / Double(max(1, progress.total))
        let eta = progress.etaSeconds.map { String(format: "ETA %.0f s", $0) } ?? "ETA …"
        let label = "\(progress.operatingPoint) r\(progress.resolution) \(progress.layerName)"
        if isTerminal {
            let width = 30
            let filled = Int(percent * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let line = "\r[\(bar)] " + String(format: "%3.0f%%", percent * 100)
                + " \(progress.done)/\(progress.total) \(eta)  \(label)"
            FileHandle.standardError.write(Data((line.padding(toLength: 110, withPad: " ", startingAt: 0)).utf8))
            drawn = true
        } else if progress.done / 32 != lastPlain / 32 || progress.done == progress.total {
            lastPlain = progress.done
            printError("profile: \(progress.done)/\(progress.total) layers, \(eta), \(label)")
        }
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
