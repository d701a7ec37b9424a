import Foundation
import Glibc
import Platform
import TestSupport
import Testing

@Suite struct ActuatorTests {
    let policy = "/sys/devices/system/cpu/cpufreq/policy2"
    let gpu = "/sys/devices/17000000.gv11b/devfreq/17000000.gv11b"
    let emc = "/sys/kernel/debug/bpmp/debug/clk/emc"

    @Test func cpufreqGoesBelowTheFloorUnderUserspaceAndRestoresEveryFile() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let before = try tree.snapshot()
        let actuator = try CpufreqPolicyActuator(root: tree.root, policyPath: policy)
        #expect(actuator.availableFrequenciesKHz == FakeSysfs.xavierCPUKHz)
        #expect(actuator.snapshot == .init(governor: "schedutil", minKHz: 1_190_400, maxKHz: 1_907_200, setspeedKHz: nil))
        try actuator.setFrequency(kHz: 499_200)
        #expect(try tree.read("\(policy)/scaling_governor").trimmingCharacters(in: .newlines) == "userspace")
        #expect(try tree.read("\(policy)/scaling_min_freq") == "499200", "the 1.19 GHz nvpmodel floor is lowered")
        #expect(try tree.read("\(policy)/scaling_max_freq") == "1907200")
        #expect(try tree.read("\(policy)/scaling_setspeed") == "499200")
        try actuator.restore()
        let after = try tree.snapshot()
        for (path, content) in before {
            let restored = after[path]?.trimmingCharacters(in: .whitespacesAndNewlines)
            if path.hasSuffix("scaling_setspeed") { continue }  // written only under userspace; compared below
            #expect(restored == content.trimmingCharacters(in: .whitespacesAndNewlines), "\(path) not restored")
        }
        #expect(try tree.read("\(policy)/scaling_setspeed") == "499200",
                "the original governor was not userspace, so its set speed is not written back")
    }

    @Test func cpufreqRestoresAUserspaceSetSpeed() throws {
        let tree = try FakeSysfs.xavierNXJetPack5()
        try tree.write("\(policy)/scaling_governor", "userspace\n")
        try tree.write("\(policy)/scaling_setspeed", "1420800\n")
        let actuator = try CpufreqPolicyActuator(root: tree.root, policyPath: policy)
        try actuator.setFrequency(kHz: 1_907_200)
        try actuator.restore()
        #expect(try tree.read("\(policy)/scaling_setspeed") == "1420800")
        #expect(try tree.read("\(policy)/scaling_governor").trimmingCharacters(in: .newlines) == "userspace")
    }

    @Test func frequenciesOutsideTheTableAreRefusedUnwritten() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let before = try tree.snapshot()
        let cpu = try CpufreqPolicyActuator(root: tree.root, policyPath: policy)
        let gpuActuator = try DevfreqActuator(root: tree.root, devicePath: gpu)
        let emcActuator = try EMCActuator(root: tree.root, controlPath: emc, frequenciesKHz: [204_000, 1_600_000])
        let cases: [(any FrequencyActuator, Int)] = [(cpu, 1_000_000), (gpuActuator, 800_000), (emcActuator, 1_000_000)]
        for (actuator, bad) in cases {
            let error = try #require(throws: ActuatorError.self) { try actuator.setFrequency(kHz: bad) }
            guard case .notInTable(_, let requested, _) = error else { Issue.record("\(error)"); continue }
            #expect(requested == bad)
            #expect(error.description.contains("nothing was written"))
        }
        #expect(throws: ActuatorError.self) { try cpu.setLimits(minKHz: 100_000, maxKHz: 1_907_200) }
        #expect(try tree.snapshot() == before)
    }

    @Test func devfreqPinsAndRestores() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let before = try tree.snapshot()
        let actuator = try DevfreqActuator(root: tree.root, devicePath: gpu)
        #expect(actuator.availableFrequenciesKHz == FakeSysfs.xavierGPUHz.map { $0 / 1000 })
        try actuator.setFrequency(kHz: 599_250)
        #expect(try tree.read("\(gpu)/min_freq") == "599250000" && tree.read("\(gpu)/max_freq") == "599250000")
        try actuator.setGovernor("userspace")
        try actuator.setFrequency(kHz: 803_250)
        #expect(try tree.read("\(gpu)/userspace/set_freq") == "803250000")
        #expect(throws: ActuatorError.self) { try actuator.setGovernor("schedutil") }
        try actuator.restore()
        let after = try tree.snapshot()
        for (path, content) in before where !path.hasSuffix("userspace/set_freq") {
            #expect(after[path]?.trimmingCharacters(in: .newlines) == content.trimmingCharacters(in: .newlines), "\(path)")
        }
    }

    /// The write order is observed by making the second write fail: whatever was written first is then visible.
    @Test func devfreqWritesMaxFirstWhenRaisingAndMinFirstWhenLowering() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        try tree.write("\(gpu)/min_freq", "306000000\n")
        try tree.write("\(gpu)/max_freq", "408000000\n")
        let raising = try DevfreqActuator(root: tree.root.failing("\(gpu)/min_freq", on: .write, errno: EINVAL), devicePath: gpu)
        #expect(throws: ActuatorError.self) { try raising.setFrequency(kHz: 1_109_250) }
        #expect(try tree.read("\(gpu)/max_freq") == "1109250000", "raising writes max first")
        #expect(try tree.read("\(gpu)/min_freq") == "306000000\n")

        try tree.write("\(gpu)/min_freq", "306000000\n")
        try tree.write("\(gpu)/max_freq", "408000000\n")
        let lowering = try DevfreqActuator(root: tree.root.failing("\(gpu)/max_freq", on: .write, errno: EINVAL), devicePath: gpu)
        #expect(throws: ActuatorError.self) { try lowering.setFrequency(kHz: 114_750) }
        #expect(try tree.read("\(gpu)/min_freq") == "114750000", "lowering writes min first")
        #expect(try tree.read("\(gpu)/max_freq") == "408000000\n")
    }

    @Test func busyAndDeniedWritesNameThePath() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let busy = tree.root.failing("\(policy)/scaling_setspeed", on: .write, errno: EBUSY)
        let actuator = try CpufreqPolicyActuator(root: busy, policyPath: policy)
        let error = try #require(throws: ActuatorError.self) { try actuator.setFrequency(kHz: 1_420_800) }
        guard case .sysfs(let sysfs) = error else { Issue.record("\(error)"); return }
        #expect(sysfs.errno == EBUSY)
        #expect(sysfs.path == tree.directory.path + "\(policy)/scaling_setspeed")
        #expect(error.description.contains("EBUSY") && error.description.contains("scaling_setspeed"))

        let denied = tree.root.failing("\(emc)/rate", on: .write, errno: EACCES)
        let emcActuator = try EMCActuator(root: denied, controlPath: emc, frequenciesKHz: [204_000, 1_600_000])
        let emcError = try #require(throws: ActuatorError.self) { try emcActuator.setFrequency(kHz: 204_000) }
        #expect(emcError.description.contains("EACCES") && emcError.description.contains("clk/emc/rate"))
    }

    @Test func emcLocksTheRateAndRestores() throws {
        let tree = try FakeSysfs.xavierNXJetPack5()
        let actuator = try EMCActuator(root: tree.root, controlPath: emc, frequenciesKHz: [204_000, 1_331_200, 1_600_000])
        try actuator.setFrequency(kHz: 1_331_200)
        #expect(try tree.read("\(emc)/rate") == "1331200000" && tree.read("\(emc)/mrq_rate_locked") == "1")
        #expect(try actuator.currentFrequencyKHz() == 1_331_200)
        try actuator.restore()
        #expect(try tree.read("\(emc)/rate") == "1600000000" && tree.read("\(emc)/mrq_rate_locked") == "0")
    }

    @Test func missingPolicyIsATypedError() throws {
        let tree = try FakeSysfs.bareVM()
        let error = try #require(throws: ActuatorError.self) {
            try CpufreqPolicyActuator(root: tree.root, policyPath: "/sys/devices/system/cpu/cpufreq/policy0")
        }
        #expect(error.description.contains("ENOENT") && error.description.contains("policy0"))
    }
}

@Suite struct SimulatedFrequencyActuatorTests {
    @Test func followsTheSameContract() throws {
        let nx = try PlatformCatalog.xavierNX()
        let gpu = try SimulatedFrequencyActuator(domain: "gpu", frequenciesKHz: try #require(nx.gpu).frequenciesKHz)
        #expect(gpu.currentFrequencyKHz() == 114_750 && gpu.currentIndex == 0)
        try gpu.setFrequency(kHz: 803_250)
        #expect(gpu.currentIndex == 8 && gpu.requestCount == 1)
        #expect(throws: ActuatorError.self) { try gpu.setFrequency(kHz: 800_000) }
        #expect(gpu.currentFrequencyKHz() == 803_250, "a refused request changes nothing")
        gpu.restore()
        #expect(gpu.currentFrequencyKHz() == 114_750)
        #expect(throws: ActuatorError.self) { try SimulatedFrequencyActuator(domain: "x", frequenciesKHz: [1, 2], initialKHz: 3) }
    }
}
