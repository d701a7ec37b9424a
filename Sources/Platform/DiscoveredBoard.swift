/// What `BoardDiscovery` found on one machine: each part that exists, with the paths to drive it, and a plain list
/// of what is missing. Discovery runs once; the adapters it hands out read and write only the paths found here.
public struct DiscoveredBoard: Sendable {
    public enum Kind: String, Sendable, Codable {
        case xavierNXJetPack4 = "xavier-nx-jetpack4"
        case xavierNXJetPack5 = "xavier-nx-jetpack5"
        case genericRAPL = "generic-x86-rapl"
        case genericLinux = "generic-linux"
        /// No cpufreq, no power sensor, no devfreq: a typical virtual machine.
        case bareVM = "bare-vm"
    }

    /// Which power-rail layout was found.
    public enum PowerRailLayout: Sendable, Equatable {
        case ina3221Iio(devicePath: String)
        case ina3221Hwmon(driverPath: String)
        case rapl
        case hwmon

        public var name: String {
            switch self {
            case .ina3221Iio: "INA3221 (JetPack 4 iio)"
            case .ina3221Hwmon: "INA3221 (JetPack 5 hwmon)"
            case .rapl: "Intel RAPL (powercap)"
            case .hwmon: "hwmon power"
            }
        }
    }

    public struct CPUPolicy: Sendable, Equatable {
        public var path: String
        public var cpus: [Int]
        /// Empty when the driver lists none (intel_pstate, for example).
        public var frequenciesKHz: [Int]
        public var governor: String?
        public var availableGovernors: [String]
        public var currentKHz: Int?
        public var transitionLatencyNs: Int?
    }

    public struct GPUDevfreq: Sendable, Equatable {
        public var devfreqPath: String
        public var frequenciesKHz: [Int]
        public var governor: String?
        public var loadPath: String?
    }

    public var root: SysfsRoot
    public var kind: Kind
    /// `/proc/device-tree/model` when present.
    public var model: String?
    /// CPUs the kernel lists as online.
    public var onlineCPUs: [Int]
    public var cpuPolicies: [CPUPolicy]
    public var gpu: GPUDevfreq?
    public var emcControlPath: String?
    public var powerRailLayout: PowerRailLayout?
    public var railNames: [String]
    public var thermalZones: [ThermalZoneDescription]
    public var hasProcStat: Bool
    /// Plain sentences, one per missing part (`no cpufreq policies under /sys/devices/system/cpu/cpufreq`).
    public var missing: [String]

    /// A power sensor of the discovered layout, or nil when the board has none.
    public func powerRailSensor() throws(SysfsError) -> (any PowerRailSensor)? {
        switch powerRailLayout {
        case .ina3221Iio(let path): try INA3221IioRails(root: root, devicePath: path)
        case .ina3221Hwmon(let path): try INA3221HwmonRails(root: root, driverPath: path)
        case .rapl: try RAPLEnergyRails(root: root)
        case .hwmon: try HwmonPowerRails(root: root)
        case nil: nil
        }
    }

    /// One actuator per cpufreq policy that lists its frequencies (each snapshots its state on creation).
    public func cpuActuators() throws(ActuatorError) -> [CpufreqPolicyActuator] {
        var actuators: [CpufreqPolicyActuator] = []
        for policy in cpuPolicies where !policy.frequenciesKHz.isEmpty {
            actuators.append(try CpufreqPolicyActuator(root: root, policyPath: policy.path))
        }
        return actuators
    }

    public func gpuActuator() throws(ActuatorError) -> DevfreqActuator? {
        guard let gpu else { return nil }
        return try DevfreqActuator(root: root, devicePath: gpu.devfreqPath)
    }

    /// The EMC actuator, when the control folder exists and the built-in description knows the rates.
    public func emcActuator(frequenciesKHz: [Int]) throws(ActuatorError) -> EMCActuator? {
        guard let emcControlPath else { return nil }
        return try EMCActuator(root: root, controlPath: emcControlPath, frequenciesKHz: frequenciesKHz)
    }

    /// The built-in description whose OPP tables (CPU clusters and GPU) equal what was discovered, if any: the board a
    /// policy trained on that built-in (fingerprint `xavier-nx:…`) may run on.
    public var matchingBuiltIn: PlatformDescription? {
        let host = hostDescription
        for name in PlatformCatalog.builtInNames {
            guard let builtIn = try? PlatformCatalog.description(named: name) else { continue }
            if host.cpu.clusters.map(\.frequenciesKHz) == builtIn.cpu.clusters.map(\.frequenciesKHz),
               host.cpu.clusters.map(\.cpus) == builtIn.cpu.clusters.map(\.cpus),
               host.gpu?.frequenciesKHz == builtIn.gpu?.frequenciesKHz
            {
                return builtIn
            }
        }
        return nil
    }

    /// The `host` platform description: what this machine exposes, with nothing invented. Power modes are empty;
    /// EMC rates come from the built-in Xavier NX table when this is a Xavier NX.
    public var hostDescription: PlatformDescription {
        let discovered = "discovered at run time under \(root.root)"
        var clusters: [ClusterDescription] = []
        var usedCPUs = Set<Int>()
        for policy in cpuPolicies where !policy.frequenciesKHz.isEmpty {
            let cpus = policy.cpus.filter { usedCPUs.insert($0).inserted }
            guard !cpus.isEmpty else { continue }
            clusters.append(ClusterDescription(id: clusters.count, cpus: cpus, policyPath: policy.path,
                                               frequenciesKHz: policy.frequenciesKHz))
        }
        let latencyUs = Double(cpuPolicies.compactMap(\.transitionLatencyNs).max() ?? 0) / 1000
        let gpuDescription = gpu.flatMap { gpu in
            gpu.frequenciesKHz.isEmpty ? nil
                : GPUDescription(source: discovered, frequenciesKHz: gpu.frequenciesKHz, devfreqPath: gpu.devfreqPath,
                                 loadPath: gpu.loadPath)
        }
        var emc: EMCDescription?
        if let emcControlPath, kind == .xavierNXJetPack4 || kind == .xavierNXJetPack5,
           let builtIn = try? PlatformCatalog.xavierNX().emc {
            emc = EMCDescription(source: builtIn.source, frequenciesKHz: builtIn.frequenciesKHz, controlPath: emcControlPath)
        }
        let rails = railNames.map { name in
            PowerRailDescription(name: name, feeds: "unknown (discovered)", sensor: powerRailLayout?.name ?? "", channel: nil)
        }
        return PlatformDescription(
            name: "host", displayName: model ?? "this machine (\(kind.rawValue))",
            cpu: CPUDescription(source: discovered, transitionLatencyUs: latencyUs, clusters: clusters),
            gpu: gpuDescription, emc: emc,
            powerRails: PowerRailTable(source: discovered, rails: rails),
            thermalZones: ThermalZoneTable(source: discovered, zones: thermalZones),
            powerModes: PowerModeTable(source: discovered, note: "power modes are not discovered", modes: []),
            actuationDelays: ActuationDelays(source: "cpu: cpuinfo_transition_latency; gpu/emc unknown on this host",
                                             cpuUs: latencyUs, gpuUs: 0, emcUs: 0, writeCostUs: 0))
    }
}
