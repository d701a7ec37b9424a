import Glibc

/// The Jetson's INA3221 under JetPack 4 (L4T r32): the `ina3221x` iio driver, one `rail_name_K` and
/// `in_powerK_input` (mW) per channel K = 0...2 (reference/jetson-xavier-nx.md §5).
public struct INA3221IioRails: PowerRailSensor {
    /// The usual device folder on the Xavier NX.
    public static let defaultDevicePath = "/sys/bus/i2c/drivers/ina3221x/7-0040/iio:device0"

    public let root: SysfsRoot
    public let devicePath: String
    public let channels: [Int]
    public let railNames: [String]

    /// Finds the channels that have a `rail_name_K`; throws if the device folder cannot be read.
    public init(root: SysfsRoot, devicePath: String = INA3221IioRails.defaultDevicePath) throws(SysfsError) {
        self.root = root
        self.devicePath = devicePath
        var channels: [Int] = []
        var names: [String] = []
        for channel in 0..<3 where root.exists("\(devicePath)/rail_name_\(channel)") {
            channels.append(channel)
            names.append(try root.readString("\(devicePath)/rail_name_\(channel)").trimmingSpaces)
        }
        guard !channels.isEmpty else {
            throw .system(path: root.resolve("\(devicePath)/rail_name_0"), operation: "find INA3221 channels", errno: ENOENT)
        }
        self.channels = channels
        self.railNames = names
    }

    public var sourceDescription: String { "INA3221 (JetPack 4 iio) at \(devicePath)" }

    public mutating func read() throws(SysfsError) -> [RailSample] {
        var samples: [RailSample] = []
        for (index, channel) in channels.enumerated() {
            let path = "\(devicePath)/in_power\(channel)_input"
            let milliwatts = try root.readInt(path)
            guard milliwatts >= 0 else {
                throw .garbage(path: root.resolve(path), content: "\(milliwatts)", expected: "a power ≥ 0 mW")
            }
            samples.append(RailSample(name: railNames[index], powerW: Double(milliwatts) / 1000, energyJ: nil))
        }
        return samples
    }
}
