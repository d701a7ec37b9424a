import Foundation
import Platform
import TestSupport

/// A fake sysfs/procfs tree in a temporary folder, laid out as on the real machines, so the real sensors,
/// actuators and discovery run against it unchanged. Failures that cannot be made with plain files as root
/// (EACCES: root ignores permissions; EBUSY) are injected through `SysfsRoot.failing(_:on:errno:)`.
final class FakeSysfs {
    let directory: TemporaryDirectory
    var root: SysfsRoot { SysfsRoot(root: directory.path) }

    init(_ label: String) throws {
        directory = try TemporaryDirectory("fake-sysfs-\(label)")
    }

    /// Writes `content` at board path `path`, creating the folders.
    func write(_ path: String, _ content: String) throws {
        let url = URL(fileURLWithPath: directory.path + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: directory.path + path, encoding: .utf8)
    }

    func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: directory.path + path, withIntermediateDirectories: true)
    }

    /// Every file of the tree and its content: to prove that `restore()` puts back every byte.
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        let base = directory.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
            }
        }
        return result
    }

    // MARK: the numbers of reference/jetson-xavier-nx.md, written as the kernel prints them

    static let xavierCPUKHz = [115200, 192000, 268800, 345600, 422400, 499200, 576000, 652800, 729600, 806400, 883200,
                               960000, 1036800, 1113600, 1190400, 1267200, 1344000, 1420800, 1497600, 1574400, 1651200,
                               1728000, 1804800, 1881600, 1907200]
    static let xavierGPUHz = [114750000, 204000000, 306000000, 408000000, 510000000, 599250000, 701250000, 752250000,
                              803250000, 854250000, 905250000, 956250000, 1007250000, 1058250000, 1109250000]
    static let thermalNames = ["BCPU", "MCPU", "GPU", "PLL", "AO", "Tboard", "Tdiode", "PMIC", "fan-est"]

    static let procStat = """
        cpu  400 0 200 1400 0 0 0 0 0 0
        cpu0 100 0 50 350 0 0 0 0 0 0
        cpu1 100 0 50 350 0 0 0 0 0 0
        intr 12345
        ctxt 999
        """

    /// Parts every Jetson tree shares: CPUs, cpufreq, GPU devfreq and load, EMC, thermal zones, /proc.
    private func writeXavierCommon(release: String) throws {
        try write("/proc/device-tree/model", "NVIDIA Jetson Xavier NX Developer Kit\u{0}")
        try write("/etc/nv_tegra_release", release)
        try write("/sys/devices/system/cpu/online", "0-5\n")
        try write("/proc/stat", Self.procStat)
        for cluster in 0..<3 {
            let path = "/sys/devices/system/cpu/cpufreq/policy\(cluster * 2)"
            try write("\(path)/related_cpus", "\(cluster * 2) \(cluster * 2 + 1)\n")
            try write("\(path)/affected_cpus", "\(cluster * 2) \(cluster * 2 + 1)\n")
            try write("\(path)/scaling_available_frequencies", Self.xavierCPUKHz.map(String.init).joined(separator: " ") + " \n")
            try write("\(path)/scaling_available_governors", "interactive conservative ondemand userspace powersave performance schedutil \n")
            try write("\(path)/scaling_governor", "schedutil\n")
            try write("\(path)/scaling_min_freq", "1190400\n")
            try write("\(path)/scaling_max_freq", "1907200\n")
            try write("\(path)/scaling_cur_freq", "1190400\n")
            try write("\(path)/scaling_setspeed", "<unsupported>\n")
            try write("\(path)/cpuinfo_transition_latency", "300000\n")
        }
        let gpu = "/sys/devices/17000000.gv11b/devfreq/17000000.gv11b"
        try write("\(gpu)/available_frequencies", Self.xavierGPUHz.map(String.init).joined(separator: " ") + "\n")
        try write("\(gpu)/available_governors", "wmark_active nvhost_podgov userspace performance simple_ondemand\n")
        try write("\(gpu)/governor", "nvhost_podgov\n")
        try write("\(gpu)/min_freq", "114750000\n")
        try write("\(gpu)/max_freq", "1109250000\n")
        try write("\(gpu)/cur_freq", "114750000\n")
        try write("\(gpu)/userspace/set_freq", "0\n")
        try write("/sys/devices/gpu.0/load", "123\n")
        let emc = "/sys/kernel/debug/bpmp/debug/clk/emc"
        try write("\(emc)/rate", "1600000000\n")
        try write("\(emc)/min_rate", "204000000\n")
        try write("\(emc)/max_rate", "1600000000\n")
        try write("\(emc)/mrq_rate_locked", "0\n")
        for (index, name) in Self.thermalNames.enumerated() {
            try write("/sys/class/thermal/thermal_zone\(index)/type", name + "\n")
            try write("/sys/class/thermal/thermal_zone\(index)/temp", "\(40000 + 500 * index)\n")
        }
    }

    /// Xavier NX under JetPack 4 (L4T r32): INA3221 through the ina3221x iio driver, powers in mW.
    static func xavierNXJetPack4() throws -> FakeSysfs {
        let tree = try FakeSysfs("jp4")
        try tree.writeXavierCommon(release: "# R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t186ref, EABI: aarch64\n")
        let ina = "/sys/bus/i2c/drivers/ina3221x/7-0040/iio:device0"
        for (channel, (name, milliwatts)) in [("VDD_IN", 2760), ("VDD_CPU_GPU_CV", 650), ("VDD_SOC", 650)].enumerated() {
            try tree.write("\(ina)/rail_name_\(channel)", name + "\n")
            try tree.write("\(ina)/in_power\(channel)_input", "\(milliwatts)\n")
            try tree.write("\(ina)/in_current\(channel)_input", "\(milliwatts / 5)\n")
            try tree.write("\(ina)/in_voltage\(channel)_input", "5000\n")
        }
        return tree
    }

    /// Xavier NX under JetPack 5 (L4T r35): the mainline ina3221 hwmon driver, mV and mA per channel 1...3.
    static func xavierNXJetPack5() throws -> FakeSysfs {
        let tree = try FakeSysfs("jp5")
        try tree.writeXavierCommon(release: "# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref, EABI: aarch64\n")
        let hwmon = "/sys/bus/i2c/drivers/ina3221/7-0040/hwmon/hwmon3"
        for (offset, (name, millivolts, milliamps)) in [("VDD_IN", 5000, 552), ("VDD_CPU_GPU_CV", 5000, 130),
                                                        ("VDD_SOC", 5000, 130)].enumerated() {
            let channel = offset + 1
            try tree.write("\(hwmon)/in\(channel)_label", name + "\n")
            try tree.write("\(hwmon)/in\(channel)_input", "\(millivolts)\n")
            try tree.write("\(hwmon)/curr\(channel)_input", "\(milliamps)\n")
        }
        try tree.write("\(hwmon)/name", "ina3221\n")
        return tree
    }

    /// A generic x86 machine: intel_pstate (no frequency list), RAPL package and core zones, one thermal zone.
    static func genericRAPL() throws -> FakeSysfs {
        let tree = try FakeSysfs("rapl")
        try tree.write("/sys/devices/system/cpu/online", "0-3\n")
        try tree.write("/proc/stat", procStat)
        for cpu in 0..<4 {
            let path = "/sys/devices/system/cpu/cpufreq/policy\(cpu)"
            try tree.write("\(path)/related_cpus", "\(cpu)\n")
            try tree.write("\(path)/scaling_available_governors", "performance powersave\n")
            try tree.write("\(path)/scaling_governor", "powersave\n")
            try tree.write("\(path)/scaling_min_freq", "800000\n")
            try tree.write("\(path)/scaling_max_freq", "4200000\n")
            try tree.write("\(path)/scaling_cur_freq", "2100000\n")
            try tree.write("\(path)/cpuinfo_transition_latency", "0\n")
        }
        try tree.write("/sys/class/powercap/intel-rapl:0/name", "package-0\n")
        try tree.write("/sys/class/powercap/intel-rapl:0/energy_uj", "1000000\n")
        try tree.write("/sys/class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n")
        try tree.write("/sys/class/powercap/intel-rapl:0:0/name", "core\n")
        try tree.write("/sys/class/powercap/intel-rapl:0:0/energy_uj", "500000\n")
        try tree.write("/sys/class/powercap/intel-rapl:0:0/max_energy_range_uj", "262143328850\n")
        try tree.write("/sys/class/thermal/thermal_zone0/type", "x86_pkg_temp\n")
        try tree.write("/sys/class/thermal/thermal_zone0/temp", "51000\n")
        return tree
    }

    /// A bare VM: CPUs and /proc/stat, an empty cpufreq folder, nothing else.
    static func bareVM() throws -> FakeSysfs {
        let tree = try FakeSysfs("vm")
        try tree.write("/sys/devices/system/cpu/online", "0-1\n")
        try tree.write("/proc/stat", procStat)
        try tree.makeDirectory("/sys/devices/system/cpu/cpufreq")
        return tree
    }
}
