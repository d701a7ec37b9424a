import Controller
import Foundation
import Glibc
import Platform
import Policy
import PolicyWriter
import Testing
import TestSupport

/// `tandemd` as a real process on fake Xavier NX trees (JetPack 4 and 5) and on this machine.
@Suite(.serialized) struct TandemdProcessTests {
    struct Run {
        let board: FakeBoard
        let folder: TemporaryDirectory
        let policyPath: String
        var log: String { folder.file("tandemd.log").path }
        var channel: String { folder.file("decision.json").path }
    }

    static func prepare(_ jetPack: BoardTreeWriter.JetPack) throws -> Run {
        let board = try FakeBoard(jetPack: jetPack)
        let folder = try TemporaryDirectory("tandemd-process")
        let policyPath = folder.file("policy.h5").path
        try TestPolicies.cycling(platform: board.description).write(to: policyPath)
        return Run(board: board, folder: folder, policyPath: policyPath)
    }

    @Test(arguments: BoardTreeWriter.JetPack.allCases)
    func writesOnlyTableFrequenciesToTheRightFilesAndRestoresOnSIGTERM(jetPack: BoardTreeWriter.JetPack) throws {
        let run = try Self.prepare(jetPack)
        let before = try run.board.snapshot()
        let daemon = try DaemonProcess(["--policy", run.policyPath, "--sysfs-root", run.board.path, "--period-ms", "150",
                                        "--log", run.log, "--channel", run.channel], folder: run.folder)
        let started = daemon.wait(until: { loggedDecisions(run.log).count >= 4 }, timeoutS: 30)
        #expect(started, "no decisions: \(daemon.stderr)")
        // A decision is logged after its writes; right after a new log line the tree is between two periods (a
        // fake tree's file is empty for an instant while it is rewritten, unlike a sysfs attribute).
        let logged = loggedDecisions(run.log).count
        #expect(daemon.wait(until: { loggedDecisions(run.log).count > logged }, timeoutS: 30))
        let during = try run.board.snapshot()
        let status = daemon.terminate()

        let cpuTable = run.board.description.cpu.clusters[0].frequenciesKHz
        let gpuTable = try #require(run.board.description.gpu).frequenciesKHz
        let changed = FakeBoard.changedFiles(before, during, ignoringDerived: false)
        #expect(!changed.isEmpty && Set(changed).isSubset(of: FakeBoard.writableFiles), "\(changed)")
        for policy in FakeBoard.cpuPolicies {
            #expect(try String(decoding: #require(during["\(policy)/scaling_governor"]), as: UTF8.self) == "userspace")
            let setspeed = Int(String(decoding: try #require(during["\(policy)/scaling_setspeed"]), as: UTF8.self))
            #expect(setspeed.map(cpuTable.contains) == true, "\(String(describing: setspeed)) is not a CPU OPP")
        }
        let gpuMin = Int(String(decoding: try #require(during["\(FakeBoard.gpuDevfreq)/min_freq"]), as: UTF8.self))
        let gpuMax = Int(String(decoding: try #require(during["\(FakeBoard.gpuDevfreq)/max_freq"]), as: UTF8.self))
        #expect(gpuMin == gpuMax && gpuMin.map { gpuTable.contains($0 / 1000) && $0 % 1000 == 0 } == true)

        let decisions = loggedDecisions(run.log)
        var previous = TestPolicies.library.count - 1
        for decision in decisions {
            let level = try #require(decision["level"] as? Int)
            #expect(level == (previous + 1) % TestPolicies.library.count)
            #expect(decision["cpu_khz"] as? Int == cpuTable[TestPolicies.cycleCPUIndex(afterLevel: previous)])
            #expect(decision["gpu_khz"] as? Int == gpuTable[TestPolicies.cycleGPUIndex(afterLevel: previous)])
            previous = level
        }
        let channel = try String(contentsOfFile: run.channel, encoding: .utf8)
        #expect(channel.hasSuffix("}\n") && channel.contains("\"level\":"))

        #expect(status == 0, "exit \(String(describing: status)): \(daemon.stderr)")
        #expect(daemon.stdout.contains("SIGTERM") && daemon.stdout.contains("restored"), "\(daemon.stdout)")
        #expect(FakeBoard.changedFiles(before, try run.board.snapshot(), ignoringDerived: true) == [],
                "SIGTERM must restore every file tandemd changed")
    }

    /// Tests run as root, where permissions deny nothing: the write is made to fail by turning one cluster's
    /// `scaling_setspeed` into a folder (EISDIR), which the kernel's EACCES/EBUSY reach through the same path.
    @Test func aFailedWriteRestoresTheBoardAndSaysSo() throws {
        let run = try Self.prepare(.four)
        let target = run.board.path + FakeBoard.cpuPolicies[1] + "/scaling_setspeed"
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        let before = try run.board.snapshot()
        let daemon = try DaemonProcess(["--policy", run.policyPath, "--sysfs-root", run.board.path, "--period-ms", "20"],
                                       folder: run.folder)
        let status = daemon.waitForExit(timeoutS: 30)
        #expect(status == ControllerExitCode.writeFailed.rawValue, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("write to the board failed") && daemon.stderr.contains(FakeBoard.cpuPolicies[1] + "/scaling_setspeed"))
        #expect(daemon.stderr.contains("EISDIR") && daemon.stderr.contains("board restored"), "\(daemon.stderr)")
        #expect(FakeBoard.changedFiles(before, try run.board.snapshot(), ignoringDerived: true) == [])
    }

    @Test func badInputsLeaveTheBoardUntouched() throws {
        let run = try Self.prepare(.five)
        let before = try run.board.snapshot()
        let corrupt = run.folder.file("corrupt.h5").path
        try Data("this is not HDF5".utf8).write(to: URL(fileURLWithPath: corrupt))
        let foreign = run.folder.file("foreign.h5").path
        try TestPolicies.cycling(platform: run.board.description, fingerprint: "agx-orin:00000000000000ff").write(to: foreign)
        let cases: [(arguments: [String], code: ControllerExitCode, mentions: String)] = [
            (["--policy", run.folder.file("missing.h5").path, "--sysfs-root", run.board.path], .badPolicy, "missing.h5"),
            (["--policy", corrupt, "--sysfs-root", run.board.path], .badPolicy, "corrupt.h5"),
            (["--policy", foreign, "--sysfs-root", run.board.path], .boardUnsupported, "agx-orin"),
            (["--policy", run.policyPath, "--sysfs-root", run.folder.file("no-such-root").path], .boardUnsupported, "no-such-root"),
            (["--policy", run.policyPath, "--sysfs-root", run.board.path, "--period-ms", "-3"], .usage, "period-ms"),
        ]
        for (arguments, code, mentions) in cases {
            let result = try Executables.run("tandemd", arguments + ["--duration-s", "5"])
            #expect(result.status == code.rawValue, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 4, "one clear message: \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        #expect(try run.board.snapshot() == before, "byte for byte")
    }

    @Test func dryRunLogsWhatItWouldWriteAndWritesNothing() throws {
        let run = try Self.prepare(.four)
        let before = try run.board.snapshot()
        let result = try Executables.run("tandemd", ["--policy", run.policyPath, "--sysfs-root", run.board.path,
                                                     "--period-ms", "20", "--dry-run", "--duration-s", "0.3", "--log", run.log])
        #expect(result.status == 0, "\(result.stderr)")
        let log = try String(contentsOfFile: run.log, encoding: .utf8)
        #expect(log.contains("would-write cpufreq policy0=") && !log.contains(" wrote "))
        #expect(loggedDecisions(run.log).allSatisfy { $0["dry_run"] as? Bool == true })
        #expect(try run.board.snapshot() == before)
    }

    @Test func aSensorThatDisappearsFallsBackAndRestores() throws {
        let run = try Self.prepare(.five)
        let before = try run.board.snapshot()
        let daemon = try DaemonProcess(["--policy", run.policyPath, "--sysfs-root", run.board.path, "--period-ms", "20",
                                        "--log", run.log], folder: run.folder)
        #expect(daemon.wait(until: { loggedDecisions(run.log).count >= 2 }, timeoutS: 30), "\(daemon.stderr)")
        let rail = "/sys/bus/i2c/drivers/ina3221/7-0040/hwmon/hwmon3/curr1_input"
        try FileManager.default.removeItem(atPath: run.board.path + rail)
        let status = daemon.waitForExit(timeoutS: 30)
        #expect(status == ControllerExitCode.fellBack.rawValue, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("sensor lost") && daemon.stderr.contains("curr1_input") && daemon.stderr.contains("restored"))
        var after = try run.board.snapshot()
        after[rail] = before[rail]
        #expect(FakeBoard.changedFiles(before, after, ignoringDerived: true) == [])
        #expect(try String(contentsOfFile: run.log, encoding: .utf8).contains(" fallback "))
    }

    /// On this machine: real inference with the built-in synthetic weights, switching sub-networks every decision.
    /// The expectation follows what discovery finds under `/`: with no clock to set (a VM) tandemd runs and names the
    /// absent actuators; a machine with cpufreq tables is another board than the policy's and is refused untouched.
    @Test func runsTheNetworkItselfOnThisMachine() throws {
        let folder = try TemporaryDirectory("tandemd-host")
        let policyPath = folder.file("policy.h5").path
        try TestPolicies.cycling(platform: try PlatformCatalog.xavierNX()).write(to: policyPath)
        let log = folder.file("tandemd.log").path
        let result = try Executables.run("tandemd", ["--policy", policyPath, "--synthetic-weights", "--duration-s", "1",
                                                     "--period-ms", "100", "--max-overruns", "0", "--log", log])
        let host = BoardDiscovery().discover()
        if host.cpuPolicies.contains(where: { !$0.frequenciesKHz.isEmpty }) || host.gpu != nil {
            #expect(result.status == ControllerExitCode.boardUnsupported.rawValue, "\(result.stdout)\(result.stderr)")
            return
        }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("absent: CPU frequency") && result.stdout.contains("absent: GPU frequency"), "\(result.stdout)")
        #expect(result.stdout.contains("running the network itself"))
        let decisions = loggedDecisions(log)
        #expect(decisions.count >= 2, "\(result.stdout)")
        #expect(Set(decisions.compactMap { $0["level"] as? Int }).count >= 2, "sub-networks switch")
        let latencies = decisions.dropFirst().compactMap { $0["last_latency_ms"] as? Double }
        #expect(!latencies.isEmpty && latencies.allSatisfy { $0 > 0 }, "measured inference latency feeds the observation")
        #expect(decisions.allSatisfy { $0["cpu_khz"] is NSNull && $0["gpu_khz"] is NSNull })
    }

    @Test func benchControllerReportsTheContractKeys() throws {
        let result = try Executables.run("tandem", ["bench", "controller", "--json", "--iterations", "300", "--daemon-seconds", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let p50 = try #require(object["decision_p50_us"] as? Double)
        let p99 = try #require(object["decision_p99_us"] as? Double)
        #expect(p50 > 0 && p50 <= p99)
        #expect((object["rss_mb"] as? Double).map { $0 > 0 } == true, "\(object)")
        #expect((object["binary_mb"] as? Double).map { $0 > 0 } == true)
        #expect((object["startup_ms"] as? Double).map { $0 > 0 } == true)
    }
}
