import Glibc
import Platform

/// Writes a board's sysfs/procfs files into a folder, laid out and formatted as the Jetson kernels print them, from a
/// `PlatformDescription` (so the OPP tables come from the one description, not from copies). `tandemd --sysfs-root`
/// on such a folder exercises the whole controller without a board: `tandem bench controller` measures on one, the
/// controller's tests run `tandemd` against them, and a user can rehearse a deployment with `--dry-run`.
///
/// The state written is a Xavier NX after boot: CPU clusters under `schedutil` with the nvpmodel floor of the
/// description's power modes (else the lowest OPP) as `scaling_min_freq`, the GPU under `nvhost_podgov`, near-idle
/// rail readings (reference/jetson-xavier-nx.md §6) and 40–44 °C zones.
public enum BoardTreeWriter {
    /// Which INA3221 driver layout to write (reference/jetson-xavier-nx.md §5).
    public enum JetPack: Int, Sendable, CaseIterable {
        /// L4T r32: `ina3221x` iio driver, `in_powerK_input` in mW.
        case four = 4
        /// L4T r35: mainline `ina3221` hwmon driver, `inK_input` mV and `currK_input` mA.
        case five = 5
    }

    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Near-idle readings per rail: JetPack 5.1.2 near idle, VDD_IN 2.76 W, VDD_CPU_GPU_CV 0.65 W, VDD_SOC 0.65 W
    /// (reference/jetson-xavier-nx.md §6, waggle-sensor/jetson-exporter).
    static let idleRailMilliwatts: [(name: String, milliwatts: Int)] = [("VDD_IN", 2760), ("VDD_CPU_GPU_CV", 650),
                                                                        ("VDD_SOC", 650)]
    static let railMillivolts = 5000

    /// Writes the tree of `description` (a Xavier NX-like description with GPU devfreq) under `directory`.
    public static func write(_ description: PlatformDescription, jetPack: JetPack, under directory: String) throws(WriteError) {
        func put(_ path: String, _ content: String) throws(WriteError) { try writeFile(directory + path, content) }
        let release = jetPack == .four
            ? "# R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t186ref, EABI: aarch64\n"
            : "# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref, EABI: aarch64\n"
        try put("/proc/device-tree/model", description.displayName + "\u{0}")
        try put("/etc/nv_tegra_release", release)
        let cpus = description.allCPUs
        try put("/sys/devices/system/cpu/online", "\(cpus.first ?? 0)-\(cpus.last ?? 0)\n")
        var stat = "cpu  \(400 * cpus.count) 0 \(200 * cpus.count) \(1400 * cpus.count) 0 0 0 0 0 0\n"
        for cpu in cpus { stat += "cpu\(cpu) 400 0 200 1400 0 0 0 0 0 0\n" }
        try put("/proc/stat", stat + "intr 12345\nctxt 999\n")
        let floorKHz = description.powerModes.modes.map(\.cpuMinKHz).max()
        for cluster in description.cpu.clusters {
            let path = cluster.policyPath
            let table = cluster.frequenciesKHz
            let minimum = floorKHz.flatMap { floor in table.first { $0 >= floor } } ?? table.first ?? 0
            let cpuList = cluster.cpus.map(String.init).joined(separator: " ") + "\n"
            try put("\(path)/related_cpus", cpuList)
            try put("\(path)/affected_cpus", cpuList)
            try put("\(path)/scaling_available_frequencies", table.map(String.init).joined(separator: " ") + " \n")
            try put("\(path)/scaling_available_governors", "interactive conservative ondemand userspace powersave performance schedutil \n")
            try put("\(path)/scaling_governor", "schedutil\n")
            try put("\(path)/scaling_min_freq", "\(minimum)\n")
            try put("\(path)/scaling_max_freq", "\(table.last ?? 0)\n")
            try put("\(path)/scaling_cur_freq", "\(minimum)\n")
            try put("\(path)/scaling_setspeed", "<unsupported>\n")
            try put("\(path)/cpuinfo_transition_latency", "\(Int(description.cpu.transitionLatencyUs * 1000))\n")
        }
        if let gpu = description.gpu {
            let hz = gpu.frequenciesKHz.map { $0 * 1000 }
            try put("\(gpu.devfreqPath)/available_frequencies", hz.map(String.init).joined(separator: " ") + "\n")
            try put("\(gpu.devfreqPath)/available_governors", "wmark_active nvhost_podgov userspace performance simple_ondemand\n")
            try put("\(gpu.devfreqPath)/governor", "nvhost_podgov\n")
            try put("\(gpu.devfreqPath)/min_freq", "\(hz.first ?? 0)\n")
            try put("\(gpu.devfreqPath)/max_freq", "\(hz.last ?? 0)\n")
            try put("\(gpu.devfreqPath)/cur_freq", "\(hz.first ?? 0)\n")
            try put("\(gpu.devfreqPath)/userspace/set_freq", "0\n")
            try put(gpu.loadPath ?? GPULoadSensor.defaultLoadPath, "123\n")
        }
        for zone in description.thermalZones.zones {
            try put("/sys/class/thermal/thermal_zone\(zone.index)/type", zone.name + "\n")
            try put("/sys/class/thermal/thermal_zone\(zone.index)/temp", "\(40000 + 500 * zone.index)\n")
        }
        switch jetPack {
        case .four:
            let ina = INA3221IioRails.defaultDevicePath
            for (channel, rail) in idleRailMilliwatts.enumerated() {
                try put("\(ina)/rail_name_\(channel)", rail.name + "\n")
                try put("\(ina)/in_power\(channel)_input", "\(rail.milliwatts)\n")
                try put("\(ina)/in_current\(channel)_input", "\(rail.milliwatts * 1000 / railMillivolts)\n")
                try put("\(ina)/in_voltage\(channel)_input", "\(railMillivolts)\n")
            }
        case .five:
            let hwmon = INA3221HwmonRails.defaultDriverPath + "/hwmon3"
            for (offset, rail) in idleRailMilliwatts.enumerated() {
                try put("\(hwmon)/in\(offset + 1)_label", rail.name + "\n")
                try put("\(hwmon)/in\(offset + 1)_input", "\(railMillivolts)\n")
                try put("\(hwmon)/curr\(offset + 1)_input", "\(rail.milliwatts * 1000 / railMillivolts)\n")
            }
            try put("\(hwmon)/name", "ina3221\n")
        }
    }

    /// Creates the folders of `path` and writes `content` (plain files; atomicity is irrelevant for a fake tree).
    static func writeFile(_ path: String, _ content: String) throws(WriteError) {
        var folder = ""
        for component in path.split(separator: "/").dropLast() {
            folder += "/" + component
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                throw WriteError(path: folder, reason: "cannot create folder: \(String(cString: strerror(errno)))")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(content.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw WriteError(path: path, reason: "short write") }
    }
}
