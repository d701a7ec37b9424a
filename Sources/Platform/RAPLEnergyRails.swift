import Glibc

/// Intel RAPL through the powercap class: each zone `intel-rapl:N` (and sub-zone `intel-rapl:N:M`) has a `name`
/// (`package-0`, `core`, `dram`, …), a wrapping `energy_uj` and its `max_energy_range_uj`.
public struct RAPLEnergyRails: PowerRailSensor {
    public static let powercapPath = "/sys/class/powercap"

    public let root: SysfsRoot
    public let zonePaths: [String]
    public let railNames: [String]
    private var accumulators: [EnergyCounterAccumulator]
    private var previousTime: Double?
    private var previousTotals: [UInt64]
    private let clock: MonotonicClock

    /// Finds every `intel-rapl:*` zone; throws if there is none or one cannot be read.
    public init(root: SysfsRoot, clock: MonotonicClock = .system) throws(SysfsError) {
        self.root = root
        self.clock = clock
        let zones = try root.listDirectory(Self.powercapPath).filter { $0.hasPrefix("intel-rapl:") }
        guard !zones.isEmpty else {
            throw .system(path: root.resolve("\(Self.powercapPath)/intel-rapl:0"), operation: "find RAPL zones", errno: ENOENT)
        }
        var paths: [String] = []
        var names: [String] = []
        var accumulators: [EnergyCounterAccumulator] = []
        for zone in zones {
            let path = "\(Self.powercapPath)/\(zone)"
            let name = root.exists("\(path)/name") ? try root.readString("\(path)/name").trimmingSpaces : zone
            let range = try root.readInt("\(path)/max_energy_range_uj")
            guard range > 0 else {
                throw .garbage(path: root.resolve("\(path)/max_energy_range_uj"), content: "\(range)", expected: "a range > 0 µJ")
            }
            paths.append(path)
            names.append("\(name) (\(zone))")
            accumulators.append(EnergyCounterAccumulator(maxRangeMicrojoules: UInt64(range)))
        }
        zonePaths = paths
        railNames = names
        self.accumulators = accumulators
        previousTotals = Array(repeating: 0, count: paths.count)
    }

    public var sourceDescription: String { "Intel RAPL (powercap) at \(Self.powercapPath)" }

    public mutating func read() throws(SysfsError) -> [RailSample] {
        let time = clock.now()
        var samples: [RailSample] = []
        for index in zonePaths.indices {
            let path = "\(zonePaths[index])/energy_uj"
            let raw = try root.readInt(path)
            guard raw >= 0, UInt64(raw) <= accumulators[index].maxRangeMicrojoules else {
                throw .garbage(path: root.resolve(path), content: "\(raw)",
                               expected: "0...\(accumulators[index].maxRangeMicrojoules) µJ")
            }
            accumulators[index].add(raw: UInt64(raw))
            let total = accumulators[index].totalMicrojoules
            var powerW: Double?
            if let previousTime, time > previousTime {
                powerW = Double(total - previousTotals[index]) / 1e6 / (time - previousTime)
            }
            previousTotals[index] = total
            samples.append(RailSample(name: railNames[index], powerW: powerW, energyJ: accumulators[index].totalJ))
        }
        previousTime = time
        return samples
    }
}
