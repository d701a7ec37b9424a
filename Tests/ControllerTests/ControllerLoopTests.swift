import Controller
import Foundation
import OFA
import Platform
import Policy
import PolicyWriter
import Testing
import TestSupport

/// The embeddable loop in this process, on fake Xavier NX trees, with the cycling Q-table policy.
@Suite struct ControllerLoopTests {
    struct Setup {
        let board: FakeBoard
        let folder: TemporaryDirectory
        let policyPath: String
        var configuration: ControllerConfiguration
    }

    static func setup(jetPack: BoardTreeWriter.JetPack = .five, policy: ((PlatformDescription) -> PolicyFile)? = nil) throws -> Setup {
        let board = try FakeBoard(jetPack: jetPack)
        let folder = try TemporaryDirectory("controller-loop")
        let policyPath = folder.file("policy.h5").path
        try (policy ?? { TestPolicies.cycling(platform: $0) })(board.description).write(to: policyPath)
        let configuration = ControllerConfiguration(policyPath: policyPath, sysfsRoot: board.path, periodMs: 5,
                                                    latencyTargetMs: 50, accuracyFloorPercent: 71)
        return Setup(board: board, folder: folder, policyPath: policyPath, configuration: configuration)
    }

    @Test func decisionsFollowThePolicyAndTheClocksFollowTheDecisions() throws {
        let s = try Self.setup()
        let loop = try ControllerLoop.open(s.configuration)
        let cpuTable = s.board.description.cpu.clusters[0].frequenciesKHz
        let gpuTable = try #require(s.board.description.gpu).frequenciesKHz
        var previousLevel = TestPolicies.library.count - 1  // training starts at the largest level
        for _ in 0..<7 {
            let decision = try loop.step()
            #expect(decision.level == (previousLevel + 1) % TestPolicies.library.count)
            #expect(decision.cpuKHz == cpuTable[TestPolicies.cycleCPUIndex(afterLevel: previousLevel)])
            #expect(decision.gpuKHz == gpuTable[TestPolicies.cycleGPUIndex(afterLevel: previousLevel)])
            for policy in FakeBoard.cpuPolicies {
                #expect(try s.board.read("\(policy)/scaling_setspeed") == String(decision.cpuKHz ?? -1))
            }
            #expect(try s.board.read("\(FakeBoard.gpuDevfreq)/max_freq") == String((decision.gpuKHz ?? -1) * 1000))
            #expect(decision.configJSON?.contains("\"r\":\(TestPolicies.library[decision.level].r)") == true)
            previousLevel = decision.level
        }
        #expect(loop.restore().isEmpty)
    }

    /// The observation the controller decides on equals the shared builder applied to what the fake board shows.
    @Test func theObservationIsTheSharedBuildersOnTheBoardsReadings() throws {
        let s = try Self.setup(jetPack: .four)
        let loop = try ControllerLoop.open(s.configuration)
        try loop.step()
        loop.reportFrame(latencyMs: 30, instructionsPerCycle: 1.25, cacheMisses: 4e6)
        usleep(20_000)
        try loop.step()
        let o = loop.lastObservation
        #expect(o.count == 14)
        #expect(o[0] == 50 && o[1] == 71, "requirements from the configuration")
        #expect(o[2] == 30 && o[12] == 0.6, "the reported latency and its ratio to the target")
        #expect(o[6] == 1.25 && o[7] == 4, "reported counters")
        #expect(o[5] == 0.123, "GPU load 123 per mille")
        #expect(o[11] == 44, "the hottest of the nine zones written at 40…44 °C")
        #expect(o[8] == 0 && o[13] == TestPolicies.top1Percent[0], "level 0 after the first decision, and its top-1")
        // VDD_IN reads 2760 mW: the energy over the ≥ 20 ms between the steps is 2.76 W × interval.
        #expect(o[3] >= 2.76 * 20 * 0.99 && o[3] < 2.76 * 2000, "last_energy_mj \(o[3])")
        #expect(loop.restore().isEmpty)
    }

    @Test func embeddersGetEveryDecisionByCallbackAndStream() async throws {
        var s = try Self.setup()
        s.configuration.durationS = 0.2
        s.configuration.maxConsecutiveOverruns = 0
        let loop = try ControllerLoop.open(s.configuration)
        nonisolated(unsafe) var seen: [Int] = []
        loop.onDecision = { seen.append($0.sequence) }
        let stream = loop.decisions()
        let before = try s.board.snapshot()
        let outcome = loop.run(pacer: SleepPacer())
        #expect(outcome.exitCode == .stopped, "\(outcome.message)")
        #expect(outcome.decisions >= 5 && seen == Array(1...outcome.decisions))
        var streamed: [Int] = []
        for await decision in stream { streamed.append(decision.sequence) }
        #expect(streamed == seen)
        #expect(FakeBoard.changedFiles(before, try s.board.snapshot(), ignoringDerived: true) == [], "run restores")
    }

    @Test func aPolicyForAnotherBoardIsRefusedBeforeAnyWrite() throws {
        // Same tables, another board's fingerprint.
        let s = try Self.setup { TestPolicies.cycling(platform: $0, fingerprint: "orin-nano:0123456789abcdef") }
        let before = try s.board.snapshot()
        let error = #expect(throws: ControllerError.self) { try ControllerLoop.open(s.configuration) }
        #expect(error?.exitCode == .boardUnsupported)
        #expect(error?.description.contains("orin-nano") == true)
        // Another CPU table: named in the refusal.
        let t = try Self.setup { platform in
            var other = platform
            other.cpu.clusters = other.cpu.clusters.map { var c = $0; c.frequenciesKHz = Array(c.frequenciesKHz.dropLast()); return c }
            return TestPolicies.cycling(platform: other, fingerprint: platform.fingerprint)
        }
        let tableError = #expect(throws: ControllerError.self) { try ControllerLoop.open(t.configuration) }
        #expect(tableError?.description.contains("CPU OPP table has 24 entries") == true, "\(String(describing: tableError))")
        #expect(try s.board.snapshot() == before)
    }

    @Test func aLayoutWithUnknownFeaturesIsRefused() throws {
        var names = ObservationBuilder.standardNames
        names[4] = "fan_rpm"
        let s = try Self.setup { TestPolicies.cycling(platform: $0, observationNames: names) }
        let error = #expect(throws: ControllerError.self) { try ControllerLoop.open(s.configuration) }
        #expect(error?.exitCode == .badPolicy && error?.description.contains("fan_rpm") == true)
    }

    @Test func aVanishedSensorFallsBackToTheBoardsGovernors() throws {
        let s = try Self.setup()
        let before = try s.board.snapshot()
        let loop = try ControllerLoop.open(s.configuration)
        try loop.step()
        try FileManager.default.removeItem(atPath: s.board.path + "/sys/devices/gpu.0/load")
        let outcome = loop.run(pacer: SleepPacer())
        #expect(outcome.exitCode == .fellBack)
        #expect(outcome.message.contains("sensor lost") && outcome.message.contains("/sys/devices/gpu.0/load"))
        #expect(outcome.message.contains("restored"))
        var after = try s.board.snapshot()
        after["/sys/devices/gpu.0/load"] = before["/sys/devices/gpu.0/load"]
        #expect(FakeBoard.changedFiles(before, after, ignoringDerived: true) == [])
        for policy in FakeBoard.cpuPolicies { #expect(try s.board.read("\(policy)/scaling_governor") == "schedutil") }
    }

    @Test func aNonFiniteObservationFallsBack() throws {
        let s = try Self.setup()
        let loop = try ControllerLoop.open(s.configuration)
        try loop.step()
        loop.reportFrame(latencyMs: .nan)
        let outcome = loop.run(pacer: SleepPacer())
        #expect(outcome.exitCode == .fellBack && outcome.message.contains("last_latency_ms"), "\(outcome.message)")
        for policy in FakeBoard.cpuPolicies { #expect(try s.board.read("\(policy)/scaling_governor") == "schedutil") }
    }

    @Test func consecutiveOverrunsFallBack() throws {
        var s = try Self.setup()
        s.configuration.periodMs = 0.0001  // no step can finish within 100 ns
        s.configuration.maxConsecutiveOverruns = 3
        let loop = try ControllerLoop.open(s.configuration)
        let outcome = loop.run(pacer: SleepPacer())
        #expect(outcome.exitCode == .fellBack && outcome.decisions == 3, "\(outcome.message)")
        if case .overrun(let count, _)? = outcome.error { #expect(count == 3) } else { Issue.record("\(outcome.message)") }
        for policy in FakeBoard.cpuPolicies { #expect(try s.board.read("\(policy)/scaling_governor") == "schedutil") }
    }
}
