/// Finds, once, what a machine offers under a sysfs root, like jetson_stats does at start-up: cpufreq policies,
/// the GPU's devfreq device and load file, the EMC control folder, the power-rail layout (INA3221 under JetPack 4 or
/// 5, RAPL, hwmon), thermal zones and /proc/stat. It never fails: whatever is absent goes into `missing`.
public struct BoardDiscovery: Sendable {
    public static let cpufreqPath = "/sys/devices/system/cpu/cpufreq"
    public static let onlineCPUsPath = "/sys/devices/system/cpu/online"
    public static let modelPath = "/proc/device-tree/model"
    public static let tegraReleasePath = "/etc/nv_tegra_release"
    /// The Xavier's GPU devfreq folder, then the alias through gpu.0 (reference/jetson-xavier-nx.md §2).
    public static let gpuDevfreqCandidates = [
        "/sys/devices/17000000.gv11b/devfreq/17000000.gv11b",
        "/sys/devices/gpu.0/devfreq/17000000.gv11b",
    ]
    public static let emcControlPath = "/sys/kernel/debug/bpmp/debug/clk/emc"

    public let root: SysfsRoot

    public init(root: SysfsRoot = SysfsRoot()) {
        self.root = root
    }

    public func discover() -> DiscoveredBoard {
        var missing: [String] = []
        let model = (try? root.readString(Self.modelPath))?.replacingNul.trimmingSpaces

        let online = (try? root.readString(Self.onlineCPUsPath)).map(Self.parseCPUList) ?? []
        let policies = discoverPolicies(missing: &missing)

        var gpu: DiscoveredBoard.GPUDevfreq?
        if let path = Self.gpuDevfreqCandidates.first(where: { root.exists("\($0)/available_frequencies") }) {
            let frequencies = ((try? root.readIntList("\(path)/available_frequencies")) ?? []).map { $0 / 1000 }
            let load = root.exists(GPULoadSensor.defaultLoadPath) ? GPULoadSensor.defaultLoadPath : nil
            if load == nil { missing.append("no GPU load file at \(GPULoadSensor.defaultLoadPath)") }
            gpu = DiscoveredBoard.GPUDevfreq(devfreqPath: path, frequenciesKHz: Array(Set(frequencies)).sorted(),
                                             governor: (try? root.readString("\(path)/governor"))?.trimmingSpaces,
                                             loadPath: load)
        } else {
            missing.append("no GPU devfreq device (looked for \(Self.gpuDevfreqCandidates.joined(separator: ", ")))")
        }

        let emc = root.exists("\(Self.emcControlPath)/rate") ? Self.emcControlPath : nil
        if emc == nil { missing.append("no EMC control at \(Self.emcControlPath) (debugfs not mounted, or not a Jetson)") }

        var layout: DiscoveredBoard.PowerRailLayout?
        var railNames: [String] = []
        if let sensor = try? INA3221IioRails(root: root) {
            layout = .ina3221Iio(devicePath: sensor.devicePath)
            railNames = sensor.railNames
        } else if let sensor = try? INA3221HwmonRails(root: root) {
            layout = .ina3221Hwmon(driverPath: INA3221HwmonRails.defaultDriverPath)
            railNames = sensor.railNames
        } else if let sensor = try? RAPLEnergyRails(root: root) {
            layout = .rapl
            railNames = sensor.railNames
        } else if let sensor = try? HwmonPowerRails(root: root) {
            layout = .hwmon
            railNames = sensor.railNames
        } else {
            missing.append("no power sensor (no INA3221 under \(INA3221IioRails.defaultDevicePath) or "
                + "\(INA3221HwmonRails.defaultDriverPath), no RAPL under \(RAPLEnergyRails.powercapPath), "
                + "no hwmon power*_input)")
        }

        let zones = (try? ThermalZoneSensor(root: root))?.zones ?? []
        if zones.isEmpty { missing.append("no thermal zones under \(ThermalZoneSensor.thermalClassPath)") }

        let hasProcStat = root.exists(CPUUtilizationSensor.procStatPath)
        if !hasProcStat { missing.append("no \(CPUUtilizationSensor.procStatPath) (CPU utilisation unavailable)") }

        let release = (try? root.readString(Self.tegraReleasePath)) ?? ""
        let isXavierNX = (model?.contains("Xavier NX") ?? false) || gpu?.devfreqPath.contains("17000000.gv11b") == true
        let kind: DiscoveredBoard.Kind
        switch (isXavierNX, layout) {
        case (true, .ina3221Iio?): kind = .xavierNXJetPack4
        case (true, .ina3221Hwmon?): kind = .xavierNXJetPack5
        case (true, _): kind = release.hasPrefix("# R32") ? .xavierNXJetPack4 : .xavierNXJetPack5
        case (false, .rapl?): kind = .genericRAPL
        case (false, _):
            kind = policies.isEmpty && layout == nil && gpu == nil ? .bareVM : .genericLinux
        }

        return DiscoveredBoard(root: root, kind: kind, model: model, onlineCPUs: online, cpuPolicies: policies,
                               gpu: gpu, emcControlPath: emc, powerRailLayout: layout, railNames: railNames,
                               thermalZones: zones, hasProcStat: hasProcStat, missing: missing)
    }

    private func discoverPolicies(missing: inout [String]) -> [DiscoveredBoard.CPUPolicy] {
        guard let entries = try? root.listDirectory(Self.cpufreqPath) else {
            missing.append("no cpufreq policies under \(Self.cpufreqPath) (no cpufreq driver: CPU DVFS unavailable)")
            return []
        }
        var policies: [DiscoveredBoard.CPUPolicy] = []
        for entry in entries where entry.hasPrefix("policy") {
            let path = "\(Self.cpufreqPath)/\(entry)"
            let cpusText = (try? root.readString("\(path)/related_cpus")) ?? (try? root.readString("\(path)/affected_cpus"))
            var cpus = cpusText.map { $0.split(separator: " ").compactMap { Int($0) } } ?? []
            if cpus.isEmpty, let number = Int(entry.dropFirst("policy".count)) { cpus = [number] }
            let frequencies = (try? root.readIntList("\(path)/scaling_available_frequencies")) ?? []
            if frequencies.isEmpty {
                missing.append("\(path)/scaling_available_frequencies is missing or empty (no OPP table for \(entry))")
            }
            policies.append(DiscoveredBoard.CPUPolicy(
                path: path, cpus: cpus, frequenciesKHz: Array(Set(frequencies.filter { $0 > 0 })).sorted(),
                governor: (try? root.readString("\(path)/scaling_governor"))?.trimmingSpaces,
                availableGovernors: ((try? root.readString("\(path)/scaling_available_governors")) ?? "")
                    .split(separator: " ").map(String.init),
                currentKHz: try? root.readInt("\(path)/scaling_cur_freq"),
                transitionLatencyNs: try? root.readInt("\(path)/cpuinfo_transition_latency")))
        }
        if policies.isEmpty {
            missing.append("no cpufreq policies under \(Self.cpufreqPath) (no cpufreq driver: CPU DVFS unavailable)")
        }
        return policies
    }

    /// Parses the kernel's CPU list format (`0-3,6,8-9`).
    public static func parseCPUList(_ text: String) -> [Int] {
        var cpus: [Int] = []
        for part in text.trimmingSpaces.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] {
                cpus.append(contentsOf: bounds[0]...bounds[1])
            } else if bounds.count == 1 {
                cpus.append(bounds[0])
            }
        }
        return cpus
    }
}

extension String {
    /// Device-tree strings end in NUL.
    var replacingNul: String { String(filter { $0 != "\u{0}" }) }
}
