import Controller
import Foundation
import Glibc
import Platform
import Testing

@Suite struct BoardActuationTests {
    static let cpuTable = try! PlatformCatalog.xavierNX().cpu.clusters[0].frequenciesKHz
    static let gpuTable = try! PlatformCatalog.xavierNX().gpu!.frequenciesKHz

    @Test(arguments: BoardTreeWriter.JetPack.allCases)
    func pinsEveryClusterAndTheGPUThenRestores(jetPack: BoardTreeWriter.JetPack) throws {
        let board = try FakeBoard(jetPack: jetPack)
        let before = try board.snapshot()
        let actuation = try BoardActuation(board: BoardDiscovery(root: SysfsRoot(root: board.path)).discover(), dryRun: false)
        #expect(actuation.cpu.count == 3 && actuation.gpu != nil && actuation.absent.isEmpty)
        #expect(actuation.cpuFrequenciesKHz == Self.cpuTable && actuation.gpuFrequenciesKHz == Self.gpuTable)

        let actions = try actuation.apply(cpuKHz: 499_200, gpuKHz: 599_250)
        #expect(actions.count == 4)
        for policy in FakeBoard.cpuPolicies {
            #expect(try board.read("\(policy)/scaling_governor") == "userspace")
            #expect(try board.read("\(policy)/scaling_setspeed") == "499200")
            #expect(try board.read("\(policy)/scaling_min_freq") == "499200", "the 1.19 GHz floor is lowered for 499.2 MHz")
        }
        #expect(try board.read("\(FakeBoard.gpuDevfreq)/min_freq") == "599250000")
        #expect(try board.read("\(FakeBoard.gpuDevfreq)/max_freq") == "599250000")
        #expect(try actuation.apply(cpuKHz: 499_200, gpuKHz: 599_250).isEmpty, "an unchanged decision writes nothing")
        let during = try board.snapshot()
        #expect(Set(FakeBoard.changedFiles(before, during, ignoringDerived: false)).isSubset(of: FakeBoard.writableFiles))

        #expect(actuation.restore().isEmpty)
        #expect(FakeBoard.changedFiles(before, try board.snapshot(), ignoringDerived: true) == [])
        #expect(!actuation.hasWritten)
    }

    @Test func aFrequencyOutsideTheTableIsRefusedBeforeAnyWrite() throws {
        let board = try FakeBoard(jetPack: .four)
        let before = try board.snapshot()
        let actuation = try BoardActuation(board: BoardDiscovery(root: SysfsRoot(root: board.path)).discover(), dryRun: false)
        let error = #expect(throws: ActuatorError.self) { try actuation.apply(cpuKHz: 1_000_000, gpuKHz: nil) }
        if case .notInTable(_, let requested, _)? = error { #expect(requested == 1_000_000) } else { Issue.record("\(String(describing: error))") }
        #expect(try board.snapshot() == before)
    }

    /// EBUSY cannot be made with a plain file, so it is injected through SysfsRoot for one cluster's set speed.
    @Test func aBusyWriteIsReportedAndWhatWasWrittenIsRestored() throws {
        let board = try FakeBoard(jetPack: .five)
        let before = try board.snapshot()
        let root = SysfsRoot(root: board.path).failing("\(FakeBoard.cpuPolicies[1])/scaling_setspeed", on: .write, errno: EBUSY)
        let actuation = try BoardActuation(board: BoardDiscovery(root: root).discover(), dryRun: false)
        let error = #expect(throws: ActuatorError.self) { try actuation.apply(cpuKHz: 1_420_800, gpuKHz: 803_250) }
        #expect(error.map { "\($0)" }?.contains("EBUSY") == true)
        #expect(try board.read("\(FakeBoard.cpuPolicies[0])/scaling_setspeed") == "1420800", "the first cluster was set")
        #expect(actuation.restore().isEmpty)
        #expect(FakeBoard.changedFiles(before, try board.snapshot(), ignoringDerived: true) == [])
    }

    @Test func dryRunWritesNothingButStillChecksTheTable() throws {
        let board = try FakeBoard(jetPack: .four)
        let before = try board.snapshot()
        let actuation = try BoardActuation(board: BoardDiscovery(root: SysfsRoot(root: board.path)).discover(), dryRun: true)
        #expect(try actuation.apply(cpuKHz: 729_600, gpuKHz: 306_000).count == 4)
        #expect(throws: ActuatorError.self) { try actuation.apply(cpuKHz: 729_601, gpuKHz: nil) }
        #expect(actuation.restore().isEmpty)
        #expect(try board.snapshot() == before)
    }

    @Test func aBoardWithoutClocksSaysWhatIsAbsent() throws {
        let board = try FakeBoard(bareVM: ())
        let actuation = try BoardActuation(board: BoardDiscovery(root: SysfsRoot(root: board.path)).discover(), dryRun: false)
        #expect(actuation.cpu.isEmpty && actuation.gpu == nil)
        #expect(actuation.absent.count == 2)
        #expect(actuation.absent.contains { $0.hasPrefix("CPU frequency") } && actuation.absent.contains { $0.hasPrefix("GPU frequency") })
        #expect(try actuation.apply(cpuKHz: 1_190_400, gpuKHz: 114_750).isEmpty)
    }
}
