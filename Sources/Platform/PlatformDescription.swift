import JSONParsing

/// What a board is: its CPU clusters with their OPP tables, the GPU and memory clock tables, power rails, thermal
/// zones, nvpmodel-style power modes and actuation delays. Frequencies are in kHz everywhere (cpufreq's unit).
///
/// Built-in descriptions come from `PlatformCatalog`; `host` is discovered at run time (`BoardDiscovery`).
/// Decode with `PlatformDescription.decode(from:)`, which validates and names the field of any problem.
public struct PlatformDescription: Codable, Equatable, Sendable {
    public var name: String
    public var displayName: String
    public var cpu: CPUDescription
    public var gpu: GPUDescription?
    public var emc: EMCDescription?
    public var powerRails: PowerRailTable
    public var thermalZones: ThermalZoneTable
    public var powerModes: PowerModeTable
    public var actuationDelays: ActuationDelays

    public init(name: String, displayName: String, cpu: CPUDescription, gpu: GPUDescription?, emc: EMCDescription?,
                powerRails: PowerRailTable, thermalZones: ThermalZoneTable, powerModes: PowerModeTable,
                actuationDelays: ActuationDelays) {
        self.name = name
        self.displayName = displayName
        self.cpu = cpu
        self.gpu = gpu
        self.emc = emc
        self.powerRails = powerRails
        self.thermalZones = thermalZones
        self.powerModes = powerModes
        self.actuationDelays = actuationDelays
    }

    /// Every CPU of every cluster, ascending.
    public var allCPUs: [Int] { cpu.clusters.flatMap(\.cpus).sorted() }

    /// The stable identity of the board's control surface (name + OPP tables); see `PlatformFingerprint`.
    public var fingerprint: String { PlatformFingerprint.of(self) }

    /// Decodes and validates a description; errors name the field (`cpu.clusters[1].frequenciesKHz`) and the problem.
    /// `data` is UTF-8 JSON (`[UInt8]`, a `String.UTF8View` or Foundation `Data`); parsed without Foundation, so that
    /// `tandemd` links none.
    public static func decode(from data: some Collection<UInt8>, origin: String = "platform description")
        throws(PlatformDescriptionError) -> PlatformDescription
    {
        let description: PlatformDescription
        do {
            description = try JSONNodeDecoder.decode(PlatformDescription.self, from: data)
        } catch let error as DecodingError {
            throw PlatformDescriptionError(decoding: error, origin: origin)
        } catch {
            throw PlatformDescriptionError(origin: origin, field: "", problem: "\(error)")
        }
        try description.validate(origin: origin)
        return description
    }
}

/// The CPU side: clusters, each one cpufreq policy shared by its CPUs.
public struct CPUDescription: Codable, Equatable, Sendable {
    /// Where the numbers come from.
    public var source: String
    /// `cpuinfo_transition_latency` in µs (300 on Tegra194).
    public var transitionLatencyUs: Double
    public var clusters: [ClusterDescription]

    public init(source: String, transitionLatencyUs: Double, clusters: [ClusterDescription]) {
        self.source = source
        self.transitionLatencyUs = transitionLatencyUs
        self.clusters = clusters
    }
}

/// One CPU cluster: the CPUs that share one cpufreq policy, and that policy's OPP table.
public struct ClusterDescription: Codable, Equatable, Sendable {
    public var id: Int
    public var cpus: [Int]
    /// The cpufreq policy folder, absolute as on the board (resolved under a `SysfsRoot`).
    public var policyPath: String
    /// Available frequencies, strictly ascending, kHz.
    public var frequenciesKHz: [Int]

    public init(id: Int, cpus: [Int], policyPath: String, frequenciesKHz: [Int]) {
        self.id = id
        self.cpus = cpus
        self.policyPath = policyPath
        self.frequenciesKHz = frequenciesKHz
    }
}

/// The GPU: its devfreq OPP table (kHz here; devfreq's files are in Hz) and where to read its load.
public struct GPUDescription: Codable, Equatable, Sendable {
    public var source: String
    public var frequenciesKHz: [Int]
    /// The devfreq device folder (`…/devfreq/17000000.gv11b`).
    public var devfreqPath: String
    /// The per-mille load file, if the board has one (`/sys/devices/gpu.0/load`).
    public var loadPath: String?

    public init(source: String, frequenciesKHz: [Int], devfreqPath: String, loadPath: String?) {
        self.source = source
        self.frequenciesKHz = frequenciesKHz
        self.devfreqPath = devfreqPath
        self.loadPath = loadPath
    }
}

/// The memory (EMC) clock: the known operating points and the debugfs control folder.
public struct EMCDescription: Codable, Equatable, Sendable {
    public var source: String
    public var frequenciesKHz: [Int]
    /// The BPMP clock folder with `rate`, `min_rate`, `max_rate`, `mrq_rate_locked`.
    public var controlPath: String

    public init(source: String, frequenciesKHz: [Int], controlPath: String) {
        self.source = source
        self.frequenciesKHz = frequenciesKHz
        self.controlPath = controlPath
    }
}

public struct PowerRailTable: Codable, Equatable, Sendable {
    public var source: String
    public var rails: [PowerRailDescription]

    public init(source: String, rails: [PowerRailDescription]) {
        self.source = source
        self.rails = rails
    }
}

/// One measured supply rail: its name as the sensor labels it, what it feeds, and where its sensor sits.
public struct PowerRailDescription: Codable, Equatable, Sendable {
    public var name: String
    public var feeds: String
    public var sensor: String
    /// The sensor channel (INA3221 channel 0...2), when the sensor has channels.
    public var channel: Int?

    public init(name: String, feeds: String, sensor: String, channel: Int?) {
        self.name = name
        self.feeds = feeds
        self.sensor = sensor
        self.channel = channel
    }
}

public struct ThermalZoneTable: Codable, Equatable, Sendable {
    public var source: String
    public var zones: [ThermalZoneDescription]

    public init(source: String, zones: [ThermalZoneDescription]) {
        self.source = source
        self.zones = zones
    }
}

/// `/sys/class/thermal/thermal_zone<index>` and its `type`.
public struct ThermalZoneDescription: Codable, Equatable, Sendable {
    public var index: Int
    public var name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

public struct PowerModeTable: Codable, Equatable, Sendable {
    public var source: String
    /// Caveats every user of the modes should know (the 1.19 GHz CPU floor on the Xavier NX).
    public var note: String
    public var modes: [PowerModeDescription]

    public init(source: String, note: String, modes: [PowerModeDescription]) {
        self.source = source
        self.note = note
        self.modes = modes
    }
}

/// One nvpmodel mode: how many cores are online and the caps on each clock.
public struct PowerModeDescription: Codable, Equatable, Sendable {
    public var name: String
    public var onlineCores: Int
    public var cpuMinKHz: Int
    public var cpuMaxKHz: Int
    public var gpuMaxKHz: Int?
    public var emcMaxKHz: Int?

    public init(name: String, onlineCores: Int, cpuMinKHz: Int, cpuMaxKHz: Int, gpuMaxKHz: Int?, emcMaxKHz: Int?) {
        self.name = name
        self.onlineCores = onlineCores
        self.cpuMinKHz = cpuMinKHz
        self.cpuMaxKHz = cpuMaxKHz
        self.gpuMaxKHz = gpuMaxKHz
        self.emcMaxKHz = emcMaxKHz
    }
}

/// How long a new operating point takes to take effect, and what a request costs the caller (µs).
public struct ActuationDelays: Codable, Equatable, Sendable {
    public var source: String
    public var cpuUs: Double
    public var gpuUs: Double
    public var emcUs: Double
    /// CPU time of one sysfs write on the calling core.
    public var writeCostUs: Double

    public init(source: String, cpuUs: Double, gpuUs: Double, emcUs: Double, writeCostUs: Double) {
        self.source = source
        self.cpuUs = cpuUs
        self.gpuUs = gpuUs
        self.emcUs = emcUs
        self.writeCostUs = writeCostUs
    }
}
