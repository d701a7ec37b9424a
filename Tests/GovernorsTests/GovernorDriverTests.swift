import Foundation
import Platform
import Testing
import TestSupport
@testable import Governors

@Suite struct GovernorDriverTests {
    let policy = "/sys/devices/system/cpu/cpufreq/policy0"

    /// A fake Xavier NX cpufreq policy under schedutil.
    func fakePolicy(in folder: TemporaryDirectory) throws -> SysfsRoot {
        let directory = folder.url.appendingPathComponent(String(policy.dropFirst()))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = [
            "scaling_available_frequencies": XavierNXTables.cpuKHz.map(String.init).joined(separator: " "),
            "scaling_available_governors": "interactive conservative ondemand userspace powersave performance schedutil",
            "scaling_governor": "schedutil",
            "scaling_min_freq": "115200",
            "scaling_max_freq": "1907200",
            "scaling_cur_freq": "1190400",
            "scaling_setspeed": "<unsupported>",
        ]
        for (name, content) in files {
            try (content + "\n").write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return SysfsRoot(root: folder.path)
    }

    func read(_ root: SysfsRoot, _ name: String) throws -> String {
        try String(contentsOfFile: root.resolve("\(policy)/\(name)"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func writesEachNewRequestThroughUserspaceAndRestores() throws {
        let folder = try TemporaryDirectory()
        let root = try fakePolicy(in: folder)
        let actuator = try CpufreqPolicyActuator(root: root, policyPath: policy)
        var driver = try GovernorDriver(governor: Ondemand(table: XavierNXTables.cpu), actuator: actuator)
        var reference = Ondemand(table: XavierNXTables.cpu)
        for (index, busy) in [0.5, 0.5, 0.96, 0.1].enumerated() {
            let now = Int64(index + 1) * 10_000
            let request = try driver.step(nowUs: now, busyFraction: busy)
            #expect(request == reference.update(nowUs: now, busyFraction: busy))
            #expect(try read(root, "scaling_governor") == "userspace")
            #expect(try read(root, "scaling_setspeed") == String(request))
        }
        try driver.restore()
        #expect(try read(root, "scaling_governor") == "schedutil")
    }

    @Test func refusesATableTheDomainDoesNotOffer() throws {
        let folder = try TemporaryDirectory()
        let actuator = try CpufreqPolicyActuator(root: try fakePolicy(in: folder), policyPath: policy)
        let foreign = try FrequencyTable(frequenciesKHz: [115_200, 2_000_000])
        #expect(throws: GovernorDriverError.tableMismatch(domain: actuator.domain, frequencyKHz: 2_000_000)) {
            _ = try GovernorDriver(governor: Performance(table: foreign), actuator: actuator)
        }
    }

    @Test func platformTablesMatchTheReference() throws {
        let platform = try PlatformCatalog.xavierNX()
        for cluster in 0..<3 {
            #expect(try platform.cpuFrequencyTable(cluster: cluster)?.frequenciesKHz == XavierNXTables.cpuKHz)
        }
        #expect(try platform.cpuFrequencyTable(cluster: 7) == nil)
        #expect(try platform.gpuFrequencyTable()?.frequenciesKHz == XavierNXTables.gpuKHz)
    }
}
