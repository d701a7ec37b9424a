import Foundation
import Platform
import TestSupport
import Testing

/// `tandem platform` run as a real process against the fake trees and against this machine.
@Suite struct PlatformCommandTests {
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try Executables.run("tandem", ["platform"] + arguments)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func bareVMReportsMissingPartsAndWorkingSoftwareCounters() throws {
        let tree = try FakeSysfs.bareVM()
        let object = try json(["--platform", "host", "--sysfs-root", tree.directory.path, "--json"])
        let discovery = try #require(object["discovery"] as? [String: Any])
        #expect(discovery["kind"] as? String == "bare-vm")
        let missing = try #require(discovery["missing"] as? [String])
        #expect(missing.contains { $0.contains("cpufreq") } && missing.contains { $0.contains("power sensor") })
        let counters = try #require(object["counters"] as? [String: Any])
        #expect((counters["available"] as? [String])?.contains("task-clock") == true)
        #expect((counters["task_clock_advance_ns"] as? Int ?? 0) > 0)
        #expect(object["platform"] as? String == "host")
    }

    @Test func xavierNXTreeUnderJetPack4() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let object = try json(["--sysfs-root", tree.directory.path, "--json"])
        let discovery = try #require(object["discovery"] as? [String: Any])
        #expect(discovery["kind"] as? String == "xavier-nx-jetpack4")
        #expect(discovery["matching_built_in"] as? String == "xavier-nx")
        #expect(discovery["power_rails"] as? String == "INA3221 (JetPack 4 iio)")
        let policies = try #require(discovery["cpu_policies"] as? [[String: Any]])
        #expect(policies.count == 3 && policies.allSatisfy { $0["governor"] as? String == "schedutil" })
        let text = try Executables.run("tandem", ["platform", "--sysfs-root", tree.directory.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("VDD_CPU_GPU_CV") && text.stdout.contains("governor schedutil"))
        #expect(text.stdout.contains("25 levels, 115.2–1907.2 MHz"))
    }

    @Test func builtInXavierNX() throws {
        let object = try json(["--platform", "xavier-nx", "--json"])
        #expect(object["fingerprint"] as? String == (try PlatformCatalog.xavierNX()).fingerprint)
        let description = try #require(object["description"] as? [String: Any])
        let cpu = try #require(description["cpu"] as? [String: Any])
        #expect((cpu["clusters"] as? [Any])?.count == 3)
        let calibration = try #require(object["simulator_calibration"] as? [String: Any])
        #expect(calibration["gpuProfileScale"] != nil)
        #expect(object["discovery"] is NSNull)
    }

    @Test func thisMachineNeverFails() throws {
        let object = try json(["--json"])
        #expect(object["discovery"] is [String: Any])
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let missingRoot = try Executables.run("tandem", ["platform", "--sysfs-root", "/no/such/folder"])
        #expect(missingRoot.status == 64 && missingRoot.stderr.contains("sysfs-root"))
        let unknown = try Executables.run("tandem", ["platform", "--platform", "tx2"])
        #expect(unknown.status == 64 && unknown.stderr.contains("xavier-nx"))
    }
}
