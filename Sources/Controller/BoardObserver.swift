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

/// Reads the sensors a policy's observation needs, through Platform's sensors on the discovered board. A sensor that
/// exists at start-up must keep answering: a failed read later is `ControllerError.sensorLost` (the controller then
/// falls back to the board's governors). Sensors the board never had are listed in `absent` and read as 0.
public final class BoardObserver {
    /// Plain sentences naming each sensor this board lacks.
    public let absent: [String]

    private var cpu: CPUUtilizationSensor?
    private let gpuLoad: GPULoadSensor?
    private let thermal: ThermalZoneSensor?
    private var rails: (any PowerRailSensor)?
    private let railIndex: Int
    private var previousProcessCPUS: Double
    private var previousRailEnergyJ: Double?

    public init(board: DiscoveredBoard) throws(ControllerError) {
        var absent: [String] = []
        let root = board.root
        if board.hasProcStat {
            var sensor = CPUUtilizationSensor(root: root)
            // The first read reports since boot; prime it so the first period reports that period only.
            do { _ = try sensor.read() } catch { throw .sensorLost("\(error)") }
            cpu = sensor
        } else {
            absent.append("CPU utilisation: no \(CPUUtilizationSensor.procStatPath) (co-runner CPU load observed as 0)")
        }
        if let path = board.gpu?.loadPath {
            gpuLoad = GPULoadSensor(root: root, loadPath: path)
        } else if root.exists(GPULoadSensor.defaultLoadPath) {
            gpuLoad = GPULoadSensor(root: root)
        } else {
            gpuLoad = nil
            absent.append("GPU load: no \(GPULoadSensor.defaultLoadPath) (co-runner GPU load observed as 0)")
        }
        if board.thermalZones.isEmpty {
            thermal = nil
            absent.append("temperature: no thermal zones (observed as 0 °C)")
        } else {
            do { thermal = try ThermalZoneSensor(root: root) } catch { throw .sensorLost("\(error)") }
        }
        do { rails = try board.powerRailSensor() } catch { throw .sensorLost("\(error)") }
        if let rails {
            railIndex = rails.railNames.firstIndex(of: "VDD_IN") ?? 0
        } else {
            railIndex = 0
            absent.append("power: no INA3221, RAPL or hwmon power rails (frame energy observed as 0)")
        }
        self.absent = absent
        previousProcessCPUS = Self.processCPUSeconds()
        if rails != nil { _ = try sampleEnergy(intervalS: 0) }
    }

    /// Reads every sensor once; `intervalS` is the time since the previous call (for CPU shares and energy).
    public func sample(intervalS: Double) throws(ControllerError) -> BoardSample {
        var sample = BoardSample()
        do {
            if var sensor = cpu {
                let busy = try sensor.read()
                cpu = sensor
                var total = 0.0
                for value in busy.values { total += value }
                let cpuCount = max(1, busy.count)
                sample.cpuBusy = total / Double(cpuCount)
                let processS = Self.processCPUSeconds()
                let ownShare = intervalS > 0 ? (processS - previousProcessCPUS) / (intervalS * Double(cpuCount)) : 0
                previousProcessCPUS = processS
                sample.coRunnerCPUUtilization = max(0, sample.cpuBusy - ownShare)
            }
            if let gpuLoad { sample.gpuLoad = try gpuLoad.read() }
            if let thermal {
                var hottest = -Double.infinity
                for zone in try thermal.read() { hottest = max(hottest, zone.celsius) }
                sample.temperatureC = hottest.isFinite ? hottest : 0
            }
        } catch {
            throw .sensorLost("\(error)")
        }
        sample.energyJ = try sampleEnergy(intervalS: intervalS)
        return sample
    }

    /// Energy of the chosen rail over the interval: the counter's step for energy counters, power × interval for
    /// instantaneous sensors.
    private func sampleEnergy(intervalS: Double) throws(ControllerError) -> Double {
        guard var sensor = rails else { return 0 }
        let readings: [RailSample]
        do { readings = try sensor.read() } catch { throw .sensorLost("\(error)") }
        rails = sensor
        guard railIndex < readings.count else { throw .sensorLost("power rail \(railIndex) no longer reported") }
        let reading = readings[railIndex]
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
