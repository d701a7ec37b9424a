import Glibc
import Platform

/// What the board's sensors said over one control period.
public struct BoardSample: Equatable, Sendable {
    /// Mean busy fraction of the online CPUs (all work, this process included).
    public var cpuBusy: Double
    /// The CPU share of everything but this process (what training calls the co-runner's utilisation).
    public var coRunnerCPUUtilization: Double
    /// GPU busy fraction (0 when the board has no GPU load file).
    public var gpuLoad: Double
    /// The hottest thermal zone, °C (0 when the board has none).
    public var temperatureC: Double
    /// Board energy over the period, J: VDD_IN (the whole module) on a Jetson, else the first rail (RAPL package).
    /// 0 when the board has no power sensor.
    public var energyJ: Double

    public init(cpuBusy: Double = 0, coRunnerCPUUtilization: Double = 0, gpuLoad: Double = 0, temperatureC: Double = 0,
                energyJ: Double = 0) {
        self.cpuBusy = cpuBusy
        self.coRunnerCPUUtilization = coRunnerCPUUtilization
        self.gpuLoad = gpuLoad
        self.temperatureC = temperatureC
        self.energyJ = energyJ
    }
}

/// Reads the sensors a policy's observation needs on the discovered board. A sensor that exists at start-up must
/// keep answering: a failed read later is `ControllerError.sensorLost` (the controller then falls back to the board's
/// governors). Sensors the board never had are listed in `absent` and read as 0.
///
/// The files are the ones Platform's sensors read, with the same units and formulas (`CPUUtilizationSensor`'s
/// jiffy accounting, `GPULoadSensor` per mille, `ThermalZoneSensor` m°C, `INA3221IioRails` mW and
/// `INA3221HwmonRails` mV × mA), but kept open and polled with `pread` (`PolledAttribute`): the whole observation
/// then costs microseconds. Only the VDD_IN rail (the whole module) is read. RAPL and generic hwmon rails go through
/// Platform's `PowerRailSensor`.
public final class BoardObserver {
    /// Plain sentences naming each sensor this board lacks.
    public let absent: [String]

    private let procStat: PolledAttribute?
    private let cpuCount: Int
    private let gpuLoad: PolledAttribute?
    private let temperatures: [PolledAttribute]
    private let railPower: RailPower?
    private var otherRails: (any PowerRailSensor)?
    private var otherRailIndex = 0
    private let counters: UnsafeMutablePointer<UInt64>
    private var previousBusyJiffies: UInt64 = 0
    private var previousTotalJiffies: UInt64 = 0
    private var previousProcessCPUS: Double
    private var previousRailEnergyJ: Double?
    /// Tells the polled files when to check that they still exist (one inotify read per sample).
    private let removals: RemovalWatch

    /// VDD_IN through the INA3221: JetPack 4 prints mW, JetPack 5 mV and mA.
    enum RailPower {
        case milliwatts(PolledAttribute)
        case millivoltsMilliamps(PolledAttribute, PolledAttribute)
    }

    public init(board: DiscoveredBoard) throws(ControllerError) {
        var absent: [String] = []
        let root = board.root
        let removals = RemovalWatch()
        self.removals = removals
        counters = .allocate(capacity: 10)
        counters.initialize(repeating: 0, count: 10)
        cpuCount = max(1, board.onlineCPUs.count)
        do {
            if board.hasProcStat {
                procStat = try PolledAttribute(root: root, path: CPUUtilizationSensor.procStatPath, capacity: 256, watch: removals)
            } else {
                procStat = nil
                absent.append("CPU utilisation: no \(CPUUtilizationSensor.procStatPath) (co-runner CPU load observed as 0)")
            }
            let loadPath = board.gpu?.loadPath ?? (root.exists(GPULoadSensor.defaultLoadPath) ? GPULoadSensor.defaultLoadPath : nil)
            if let loadPath {
                gpuLoad = try PolledAttribute(root: root, path: loadPath, watch: removals)
            } else {
                gpuLoad = nil
                absent.append("GPU load: no \(GPULoadSensor.defaultLoadPath) (co-runner GPU load observed as 0)")
            }
            temperatures = try board.thermalZones.map { (zone) throws(SysfsError) in
                try PolledAttribute(root: root, path: "\(ThermalZoneSensor.thermalClassPath)/thermal_zone\(zone.index)/temp", watch: removals)
            }
            if temperatures.isEmpty { absent.append("temperature: no thermal zones (observed as 0 °C)") }
            switch board.powerRailLayout {
            case .ina3221Iio(let devicePath)?:
                let rails = try INA3221IioRails(root: root, devicePath: devicePath)
                let channel = rails.channels[rails.railNames.firstIndex(of: "VDD_IN") ?? 0]
                railPower = .milliwatts(try PolledAttribute(root: root, path: "\(devicePath)/in_power\(channel)_input", watch: removals))
            case .ina3221Hwmon(let driverPath)?:
                let rails = try INA3221HwmonRails(root: root, driverPath: driverPath)
                let channel = rails.channels[rails.railNames.firstIndex(of: "VDD_IN") ?? 0]
                railPower = .millivoltsMilliamps(try PolledAttribute(root: root, path: "\(rails.hwmonPath)/in\(channel)_input", watch: removals),
                                                 try PolledAttribute(root: root, path: "\(rails.hwmonPath)/curr\(channel)_input", watch: removals))
            case .rapl?, .hwmon?:
                railPower = nil
                otherRails = try board.powerRailSensor()
                otherRailIndex = otherRails.map { $0.railNames.firstIndex(of: "VDD_IN") ?? 0 } ?? 0
            case nil:
                railPower = nil
                absent.append("power: no INA3221, RAPL or hwmon power rails (frame energy observed as 0)")
            }
        } catch {
            throw .sensorLost("\(error)")
        }
        self.absent = absent
        previousProcessCPUS = Self.processCPUSeconds()
        // Prime the differences so that the first period reports that period only.
        _ = try sample(intervalS: 0)
    }

    deinit { counters.deallocate() }

    /// Reads every sensor once; `intervalS` is the time since the previous call (for CPU shares and energy).
    public func sample(intervalS: Double) throws(ControllerError) -> BoardSample {
        var sample = BoardSample()
        removals.collect()
        do {
            if let procStat {
                let found = try procStat.readFirstLineCounters(into: counters, maxCount: 8)
                guard found >= 4 else {
                    throw SysfsError.garbage(path: procStat.path, content: "\(found) counters", expected: "'cpu user nice system idle …'")
                }
                var total: UInt64 = 0
                for index in 0..<found { total &+= counters[index] }
                let idle = counters[3] &+ (found > 4 ? counters[4] : 0)
                let busy = total &- min(idle, total)
                let deltaTotal = total &- previousTotalJiffies
                let deltaBusy = busy &- previousBusyJiffies
                previousTotalJiffies = total
                previousBusyJiffies = busy
                sample.cpuBusy = deltaTotal == 0 || deltaTotal > total ? 0 : min(1, Double(deltaBusy) / Double(deltaTotal))
                let processS = Self.processCPUSeconds()
                let ownShare = intervalS > 0 ? (processS - previousProcessCPUS) / (intervalS * Double(cpuCount)) : 0
                previousProcessCPUS = processS
                sample.coRunnerCPUUtilization = max(0, sample.cpuBusy - ownShare)
            }
            if let gpuLoad { sample.gpuLoad = Double(try gpuLoad.readInt()) / 1000 }
            if !temperatures.isEmpty {
                var hottest = Int.min
                for zone in temperatures { hottest = max(hottest, try zone.readInt()) }
                sample.temperatureC = Double(hottest) / 1000
            }
            switch railPower {
            case .milliwatts(let power)?:
                sample.energyJ = Double(try power.readInt()) / 1000 * intervalS
            case .millivoltsMilliamps(let voltage, let current)?:
                sample.energyJ = Double(try voltage.readInt()) * Double(try current.readInt()) / 1_000_000 * intervalS
            case nil:
                break
            }
        } catch {
            throw .sensorLost("\(error)")
        }
        if otherRails != nil { sample.energyJ = try otherRailEnergy(intervalS: intervalS) }
        return sample
    }

    /// RAPL or hwmon through Platform's sensor: the counter's step for energy counters, power × interval otherwise.
    private func otherRailEnergy(intervalS: Double) throws(ControllerError) -> Double {
        guard var sensor = otherRails else { return 0 }
        let readings: [RailSample]
        do { readings = try sensor.read() } catch { throw .sensorLost("\(error)") }
        otherRails = sensor
        guard otherRailIndex < readings.count else { throw .sensorLost("power rail \(otherRailIndex) no longer reported") }
        let reading = readings[otherRailIndex]
        if let energyJ = reading.energyJ {
            defer { previousRailEnergyJ = energyJ }
            guard let previous = previousRailEnergyJ else { return 0 }
            return max(0, energyJ - previous)
        }
        return (reading.powerW ?? 0) * intervalS
    }

    /// CPU time of this process (all threads), seconds.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
