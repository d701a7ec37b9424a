import Foundation
import Platform
import Testing

@Suite struct BoardDiscoveryTests {
    @Test func xavierNXUnderJetPack4() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let board = BoardDiscovery(root: tree.root).discover()
        #expect(board.kind == .xavierNXJetPack4)
        #expect(board.model == "NVIDIA Jetson Xavier NX Developer Kit")
        #expect(board.onlineCPUs == [0, 1, 2, 3, 4, 5])
        #expect(board.cpuPolicies.map(\.cpus) == [[0, 1], [2, 3], [4, 5]])
        #expect(board.cpuPolicies.allSatisfy { $0.governor == "schedutil" && $0.frequenciesKHz.count == 25 })
        #expect(board.powerRailLayout == .ina3221Iio(devicePath: INA3221IioRails.defaultDevicePath))
        #expect(board.gpu?.governor == "nvhost_podgov" && board.gpu?.loadPath == GPULoadSensor.defaultLoadPath)
        #expect(board.emcControlPath != nil)
        #expect(board.missing.isEmpty, "\(board.missing)")
        let host = board.hostDescription
        try host.validate()
        #expect(board.matchingBuiltIn?.name == "xavier-nx")
        #expect(host.emc?.frequenciesKHz == (try PlatformCatalog.xavierNX()).emc?.frequenciesKHz)
        var sensor = try #require(try board.powerRailSensor())
        #expect(try sensor.read().count == 3)
        #expect(try board.cpuActuators().count == 3)
        #expect(try board.gpuActuator() != nil)
    }

    @Test func xavierNXUnderJetPack5() throws {
        let tree = try FakeSysfs.xavierNXJetPack5()
        let board = BoardDiscovery(root: tree.root).discover()
        #expect(board.kind == .xavierNXJetPack5)
        #expect(board.powerRailLayout == .ina3221Hwmon(driverPath: INA3221HwmonRails.defaultDriverPath))
        #expect(board.railNames == ["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"])
        #expect(board.missing.isEmpty)
        #expect(board.matchingBuiltIn?.name == "xavier-nx")
    }

    @Test func genericX86WithRAPL() throws {
        let tree = try FakeSysfs.genericRAPL()
        let board = BoardDiscovery(root: tree.root).discover()
        #expect(board.kind == .genericRAPL)
        #expect(board.powerRailLayout == .rapl)
        #expect(board.cpuPolicies.count == 4)
        #expect(board.cpuPolicies.allSatisfy { $0.frequenciesKHz.isEmpty && $0.governor == "powersave" })
        #expect(board.missing.contains { $0.contains("policy0/scaling_available_frequencies") })
        #expect(board.missing.contains { $0.contains("no GPU devfreq") })
        let host = board.hostDescription
        try host.validate()
        #expect(host.cpu.clusters.isEmpty, "intel_pstate lists no OPPs, so no cluster can be actuated")
        #expect(host.powerRails.rails.map(\.name) == ["package-0 (intel-rapl:0)", "core (intel-rapl:0:0)"])
        #expect(board.matchingBuiltIn == nil)
        #expect(try board.cpuActuators().isEmpty)
    }

    @Test func bareVMReportsWhatIsMissingWithoutFailing() throws {
        let tree = try FakeSysfs.bareVM()
        let board = BoardDiscovery(root: tree.root).discover()
        #expect(board.kind == .bareVM)
        #expect(board.hasProcStat)
        #expect(board.onlineCPUs == [0, 1])
        let missing = board.missing.joined(separator: "\n")
        for part in ["cpufreq", "GPU devfreq", "EMC", "power sensor", "thermal zones"] {
            #expect(missing.contains(part), "missing should mention \(part)")
        }
        #expect(try board.powerRailSensor() == nil)
        #expect(try board.gpuActuator() == nil)
        let host = board.hostDescription
        try host.validate()
        #expect(host.name == "host" && host.cpu.clusters.isEmpty)
    }

    @Test func cpuListsParse() {
        #expect(BoardDiscovery.parseCPUList("0-3,6,8-9\n") == [0, 1, 2, 3, 6, 8, 9])
        #expect(BoardDiscovery.parseCPUList("") == [])
    }
}
