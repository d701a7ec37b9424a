import Controller
import Foundation
import OFA
import Platform
import Policy
import TestSupport

/// A fake board tree (written by `BoardTreeWriter` from the built-in Xavier NX description) in a temporary folder,
/// with byte-exact snapshots to prove what was written and what was restored.
final class FakeBoard {
    let directory: TemporaryDirectory
    let description: PlatformDescription
    var path: String { directory.path }

    init(jetPack: BoardTreeWriter.JetPack) throws {
        directory = try TemporaryDirectory("controller-board-jp\(jetPack.rawValue)")
        description = try PlatformCatalog.xavierNX()
        try BoardTreeWriter.write(description, jetPack: jetPack, under: directory.path)
    }

    /// A bare VM: /proc/stat and an empty cpufreq folder, nothing to actuate.
    init(bareVM: ()) throws {
        directory = try TemporaryDirectory("controller-board-vm")
        description = try PlatformCatalog.xavierNX()
        try FileManager.default.createDirectory(atPath: path + "/sys/devices/system/cpu/cpufreq", withIntermediateDirectories: true)
        try write("/proc/stat", "cpu  400 0 200 1400 0 0 0 0 0 0\ncpu0 400 0 200 1400 0 0 0 0 0 0\n")
    }

    func write(_ boardPath: String, _ content: String) throws {
        let url = URL(fileURLWithPath: path + boardPath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    func read(_ boardPath: String) throws -> String {
        try String(contentsOfFile: path + boardPath, encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// Every regular file of the tree and its bytes.
    func snapshot() throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = path + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result["/" + relative] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return result
    }

    static let cpuPolicies = ["policy0", "policy2", "policy4"].map { "/sys/devices/system/cpu/cpufreq/" + $0 }
    static let gpuDevfreq = "/sys/devices/17000000.gv11b/devfreq/17000000.gv11b"
    /// The only files the controller may write: each cluster's governor, limits and set speed; the GPU's limits.
    static let writableFiles: Set<String> = Set(cpuPolicies.flatMap { policy in
        ["scaling_governor", "scaling_min_freq", "scaling_max_freq", "scaling_setspeed"].map { "\(policy)/\($0)" }
    } + ["\(gpuDevfreq)/min_freq", "\(gpuDevfreq)/max_freq"])

    /// Attributes the kernel derives from the governor (`scaling_setspeed` reads `<unsupported>` unless the governor
    /// is userspace), which a restore therefore does not write back; a fake tree keeps the last value written.
    static func isDerived(_ path: String) -> Bool {
        path.hasSuffix("/scaling_setspeed") || path.hasSuffix("/userspace/set_freq")
    }

    /// The files whose content differs between two snapshots, comparing text without the trailing newline (the
    /// kernel prints one; writes need none).
    static func changedFiles(_ before: [String: Data], _ after: [String: Data], ignoringDerived: Bool) -> [String] {
        func text(_ data: Data?) -> String? { data.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .newlines) } }
        return Set(before.keys).union(after.keys).filter { path in
            if ignoringDerived && isDerived(path) { return false }
            return text(before[path]) != text(after[path])
        }.sorted()
    }
}

/// Policy files for the tests.
enum TestPolicies {
    /// Small sub-networks, fast enough for a debug build.
    static let library: [SubnetConfig] = [(3, 3, 2, 96), (3, 4, 2, 112), (5, 4, 3, 128)].compactMap {
        try? SubnetConfig.uniform(kernelSize: $0.0, expandRatio: $0.1, depth: $0.2, resolution: $0.3)
    }
    static let top1Percent: [Float] = [70, 72, 74]

    /// The CPU and GPU OPP indices the cycling policy picks in the state of `level`.
    static func cycleCPUIndex(afterLevel level: Int) -> Int { (level * 7 + 3) % 25 }
    static func cycleGPUIndex(afterLevel level: Int) -> Int { (level * 4 + 2) % 15 }

    /// A Q-table that reads only the `level` feature and moves to the next level each decision (so the network
    /// really switches), with CPU and GPU indices that depend on the level it leaves: every decision is predictable.
    static func cycling(platform: PlatformDescription, observationNames: [String] = ObservationBuilder.standardNames,
                        fingerprint: String? = nil) -> PolicyFile {
        let levels = library.count
        let cpuTable = platform.cpu.clusters[0].frequenciesKHz
        let gpuTable = platform.gpu?.frequenciesKHz ?? []
        let nvec = [levels, cpuTable.count, gpuTable.count]
        let width = nvec.reduce(0, +)
        var values = [Float](repeating: 0, count: levels * width)
        for state in 0..<levels {
            values[state * width + (state + 1) % levels] = 1
            values[state * width + levels + cycleCPUIndex(afterLevel: state)] = 1
            values[state * width + levels + nvec[1] + cycleGPUIndex(afterLevel: state)] = 1
        }
        let levelFeature = observationNames.firstIndex(of: "level") ?? 0
        let edges = observationNames.indices.map { index in
            index == levelFeature ? (0..<(levels - 1)).map { Float($0) + 0.5 } : []
        }
        let encoder = JSONEncoder()
        let actions = ActionTables(
            dimensionNames: ["subnet", "cpu_opp", "gpu_opp"], nvec: nvec,
            libraryConfigs: library.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) },
            libraryTop1Percent: top1Percent, cpuFrequenciesKHz: cpuTable, gpuFrequenciesKHz: gpuTable)
        return PolicyFile(
            observationNames: observationNames, normalization: .identity(count: observationNames.count), actions: actions,
            model: .qTable(discretization: ObservationDiscretization(edges: edges), values: values),
            platform: PlatformIdentity(name: platform.name, fingerprint: fingerprint ?? platform.fingerprint),
            provenance: PolicyProvenance(scenario: "controller-tests", seed: 1, steps: 0, agent: "q", tandemVersion: "test",
                                         date: "2026-01-01T00:00:00Z"))
    }
}

/// `tandemd` as a long-running process: output to files (no pipe can fill up), SIGTERM, exit status.
final class DaemonProcess {
    let process = Process()
    let output: URL
    let errors: URL

    init(_ arguments: [String], folder: TemporaryDirectory) throws {
        output = folder.file("tandemd.out")
        errors = folder.file("tandemd.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = Executables.binDirectory.appendingPathComponent("tandemd")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var stdout: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// Polls until `condition` holds or `timeoutS` passes (false) or the process ends (false).
    func wait(until condition: () -> Bool, timeoutS: Double) -> Bool {
        let end = Date().addingTimeInterval(timeoutS)
        while Date() < end {
            if condition() { return true }
            if !process.isRunning { return condition() }
            usleep(5000)
        }
        return false
    }

    /// SIGTERM, then the exit status (nil if it did not exit within `timeoutS`).
    func terminate(timeoutS: Double = 20) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return waitForExit(timeoutS: timeoutS)
    }

    func waitForExit(timeoutS: Double) -> Int32? {
        let end = Date().addingTimeInterval(timeoutS)
        while process.isRunning && Date() < end { usleep(5000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The decisions a log file holds, parsed from its `decision` lines (`<time> decision <json> <writes…>`; the JSON
/// line has no spaces).
func loggedDecisions(_ logPath: String) -> [[String: Any]] {
    guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line -> [String: Any]? in
        let parts = line.split(separator: " ")
        guard parts.count >= 3, parts[1] == "decision" else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(parts[2].utf8))) as? [String: Any]
    }
}
