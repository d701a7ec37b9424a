import ArgumentParsing
import Controller
import Foundation
import OFA
import Platform
import Policy
import PolicyWriter
import Tensor

/// `tandem bench controller`: what the on-device controller costs. On a fake Xavier NX tree (JetPack 5 layout) with
/// an MLP policy of the agents' default size (14 → 64 → 64 → levels + 25 + 15, ReLU):
/// - decision latency = observe (read /proc/stat, GPU load, thermal zones, INA3221 rails) + build the observation +
///   decide, without the sysfs write, measured in this process over `--iterations` decisions after a warm-up;
/// - `tandemd` itself, started as a process in dry-run mode on the same tree: start-up time (spawn → first decision
///   in its state file), peak resident memory (VmHWM) after `--daemon-seconds`, and the binary's size.
enum BenchControllerCommand: Command {
    static let spec = CommandSpec(
        name: "bench controller",
        abstract: "Measure tandemd's decision latency (observe + decide), resident memory, size and start-up time.",
        discussion: """
            Builds a fake Xavier NX tree and an MLP policy of the agents' default size in a temporary folder. \
            decision_p50_us/p99_us time observe + decide without the sysfs write. rss_mb is tandemd's peak resident \
            memory (VmHWM), running in dry-run mode on that tree for --daemon-seconds; startup_ms is the time from \
            spawning tandemd to its first published decision.
            """,
        options: [
            .value("iterations", "N", "Timed decisions.", default: "20000"),
            .value("daemon-seconds", "S", "How long tandemd runs for the memory figure (0: skip the daemon).", default: "1"),
            .value("tandemd", "PATH", "The tandemd binary to start (default: the one beside this tandem), e.g. a static build."),
            .value("workdir", "DIR", "Build the fake board (DIR/board) and the policy (DIR/policy.h5) here and keep them."),
            .flag("json", "Print one JSON object {decision_p50_us, decision_p99_us, rss_mb, private_mb, anonymous_mb, binary_mb, startup_ms, …}."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let iterations = try arguments.int("iterations") ?? 20_000
        guard iterations >= 10 else { throw UsageError.invalidValue(option: "iterations", value: "\(iterations)", expected: "at least 10") }
        let daemonSeconds = try arguments.double("daemon-seconds") ?? 1
        guard daemonSeconds >= 0 else { throw UsageError.invalidValue(option: "daemon-seconds", value: "\(daemonSeconds)", expected: "0 or more") }

        let keep = arguments.string("workdir")
        let folder = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-controller-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let tree = folder.appendingPathComponent("board").path
        let policyPath = folder.appendingPathComponent("policy.h5").path
        let xavier = try PlatformCatalog.xavierNX()
        try BoardTreeWriter.write(xavier, jetPack: .five, under: tree)
        try benchmarkPolicy(for: xavier).write(to: policyPath)

        // Decision latency, in this process.
        let loop = try ControllerLoop.open(ControllerConfiguration(policyPath: policyPath, sysfsRoot: tree, dryRun: true))
        for _ in 0..<min(1000, iterations) { try loop.observeAndDecide() }
        var microseconds: [Double] = []
        microseconds.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = ControllerClock.monotonicNs()
            try loop.observeAndDecide()
            microseconds.append(Double(ControllerClock.monotonicNs() - start) / 1000)
        }
        microseconds.sort()
        let p50 = percentile(microseconds, 0.50)
        let p99 = percentile(microseconds, 0.99)

        // The daemon itself.
        let binary = arguments.string("tandemd").map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("tandemd")
        let binaryMB = ((try? FileManager.default.attributesOfItem(atPath: binary.path)[.size] as? Int) ?? nil)
            .map { Double($0) / 1_048_576 }
        var rssMB: Double?
        var privateMB: Double?
        var anonymousMB: Double?
        var startupMs: Double?
        if daemonSeconds > 0, FileManager.default.isExecutableFile(atPath: binary.path) {
            (rssMB, privateMB, anonymousMB, startupMs) = try measureDaemon(binary: binary, policy: policyPath, tree: tree, folder: folder,
                                                   seconds: daemonSeconds)
        }

        if arguments.flag("json") {
            var object: [String: Any] = [
                "decision_p50_us": p50, "decision_p99_us": p99, "iterations": iterations,
                "board": "fake xavier-nx (JetPack 5 layout)", "policy": "mlp 14-64-64-\(benchmarkNvec(xavier).reduce(0, +))",
            ]
            object["rss_mb"] = rssMB ?? NSNull()
            object["private_mb"] = privateMB ?? NSNull()
            object["anonymous_mb"] = anonymousMB ?? NSNull()
            object["binary_mb"] = binaryMB ?? NSNull()
            object["startup_ms"] = startupMs ?? NSNull()
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "decision (observe + decide, no write): p50 %.2f µs, p99 %.2f µs over %d", p50, p99, iterations))
            print("tandemd: " + [rssMB.map { String(format: "peak RSS %.1f MB", $0) } ?? "RSS not measured",
                                 privateMB.map { String(format: "private %.1f MB", $0) } ?? "private memory not measured",
                                 anonymousMB.map { String(format: "anonymous %.1f MB", $0) } ?? "anonymous memory not measured",
                                 binaryMB.map { String(format: "binary %.1f MB", $0) } ?? "binary not found at \(binary.path)",
                                 startupMs.map { String(format: "start-up %.0f ms", $0) } ?? "start-up not measured"]
                .joined(separator: ", "))
        }
        return 0
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
    }

    static func benchmarkNvec(_ platform: PlatformDescription) -> [Int] {
        [benchmarkLibrary.count, platform.cpu.clusters.first?.frequenciesKHz.count ?? 1, platform.gpu?.frequenciesKHz.count ?? 1]
    }

    /// Sub-networks for the benchmark's action table: uniform configs from the smallest to the largest. Their
    /// accuracy is not known here and is left at 0 (the benchmark times decisions, not their quality).
    static var benchmarkLibrary: [SubnetConfig] {
        var configs: [SubnetConfig] = []
        for (kernel, expand, depth, resolution) in [(3, 3, 2, 160), (3, 4, 2, 176), (5, 4, 3, 192), (5, 6, 3, 208), (7, 6, 4, 224)] {
            if let config = try? SubnetConfig.uniform(kernelSize: kernel, expandRatio: expand, depth: depth, resolution: resolution) {
                configs.append(config)
            }
        }
        return configs
    }

    /// An MLP policy of the agents' default size with deterministic pseudo-random weights, for `platform`.
    static func benchmarkPolicy(for platform: PlatformDescription) throws -> PolicyFile {
        let names = ObservationBuilder.standardNames
        let nvec = benchmarkNvec(platform)
        var state: UInt64 = 0x5EED
        func next() -> Float {  // splitmix64 → uniform in [−0.5, 0.5)
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Float(Double((z ^ (z >> 31)) >> 11) * 0x1p-53) - 0.5
        }
        let sizes = [names.count, 64, 64, nvec.reduce(0, +)]
        var layers: [DenseLayer] = []
        for index in 0..<(sizes.count - 1) {
            let weights = try Tensor(shape: [sizes[index + 1], sizes[index]], values: (0..<(sizes[index] * sizes[index + 1])).map { _ in next() })
            let bias = try Tensor(shape: [sizes[index + 1]], values: (0..<sizes[index + 1]).map { _ in next() })
            layers.append(try DenseLayer(weights: weights, bias: bias, activation: index + 2 < sizes.count ? .relu : .none))
        }
        let library = benchmarkLibrary
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let actions = ActionTables(
            dimensionNames: ["subnet", "cpu_opp", "gpu_opp"], nvec: nvec,
            libraryConfigs: try library.map { String(decoding: try encoder.encode($0), as: UTF8.self) },
            libraryTop1Percent: Array(repeating: 0, count: library.count),
            cpuFrequenciesKHz: platform.cpu.clusters.first?.frequenciesKHz ?? [],
            gpuFrequenciesKHz: platform.gpu?.frequenciesKHz ?? [])
        return PolicyFile(
            observationNames: names, normalization: .identity(count: names.count), actions: actions,
            model: .network(layers), platform: PlatformIdentity(name: platform.name, fingerprint: platform.fingerprint),
            provenance: PolicyProvenance(scenario: "bench", seed: 0, steps: 0, agent: "bench", tandemVersion: TandemVersion.string,
                                         date: "1970-01-01T00:00:00Z"))
    }

    /// Starts tandemd in dry-run mode, times its first decision, reads its peak RSS (VmHWM: shared library pages
    /// included), its private memory (Private_Clean + Private_Dirty of smaps_rollup: pages no other process shares)
    /// and its anonymous memory (RssAnon: heap and stacks), stops it with SIGTERM.
    static func measureDaemon(binary: URL, policy: String, tree: String, folder: URL, seconds: Double) throws
        -> (rssMB: Double?, privateMB: Double?, anonymousMB: Double?, startupMs: Double?)
    {
        let channel = folder.appendingPathComponent("decision.json").path
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--policy", policy, "--sysfs-root", tree, "--dry-run", "--period-ms", "10", "--channel", channel]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ControllerClock.monotonicNs()
        try process.run()
        var startupMs: Double?
        let endNs = start + UInt64(max(seconds, 0.2) * 1e9)
        while ControllerClock.monotonicNs() < endNs && process.isRunning {
            if startupMs == nil, FileManager.default.fileExists(atPath: channel) {
                startupMs = Double(ControllerClock.monotonicNs() - start) / 1e6
            }
            usleep(1000)
        }
        var rssMB: Double?
        var anonymousMB: Double?
        if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) {
            func megabytes(_ key: String) -> Double? {
                status.split(separator: "\n").first(where: { $0.hasPrefix(key) })
                    .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Double($0) } }
                    .map { $0 / 1024 }
            }
            rssMB = megabytes("VmHWM:")
            anonymousMB = megabytes("RssAnon:")
        }
        var privateMB: Double?
        if let rollup = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/smaps_rollup", encoding: .utf8) {
            let kB = rollup.split(separator: "\n").filter { $0.hasPrefix("Private_Clean:") || $0.hasPrefix("Private_Dirty:") }
                .compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Double($0) } }
            if kB.count == 2 { privateMB = kB.reduce(0, +) / 1024 }
        }
        process.terminate()
        process.waitUntilExit()
        return (rssMB, privateMB, anonymousMB, startupMs)
    }
}
