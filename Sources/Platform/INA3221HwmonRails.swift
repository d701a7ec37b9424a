import Glibc

/// The Jetson's INA3221 under JetPack 5 (L4T r35): the mainline `ina3221` hwmon driver with `inK_label`,
/// `inK_input` (bus voltage, mV) and `currK_input` (mA) for K = 1...3; power = voltage × current
/// (reference/jetson-xavier-nx.md §5, alumet-dev/alumet:plugins/nvidia-jetson/README.md).
public struct INA3221HwmonRails: PowerRailSensor {
    /// The driver folder; the `hwmonN` below it is numbered at boot, so it is searched.
    public static let defaultDriverPath = "/sys/bus/i2c/drivers/ina3221/7-0040/hwmon"

    public let root: SysfsRoot
    public let hwmonPath: String
    public let channels: [Int]
    public let railNames: [String]

    public init(root: SysfsRoot, driverPath: String = INA3221HwmonRails.defaultDriverPath) throws(SysfsError) {
        self.root = root
        guard let folder = try root.listDirectory(driverPath).first(where: { $0.hasPrefix("hwmon") }) else {
            throw .system(path: root.resolve("\(driverPath)/hwmonN"), operation: "find the hwmon folder", errno: ENOENT)
        }
        hwmonPath = "\(driverPath)/\(folder)"
        var channels: [Int] = []
        var names: [String] = []
        for channel in 1...3 where root.exists("\(hwmonPath)/in\(channel)_label") {
            channels.append(channel)
            names.append(try root.readString("\(hwmonPath)/in\(channel)_label").trimmingSpaces)
        }
        guard !channels.isEmpty else {
            throw .system(path: root.resolve("\(hwmonPath)/in1_label"), operation: "find INA3221 channels", errno: ENOENT)
        }
        self.channels = channels
        railNames = names
    }

    public var sourceDescription: String { "INA3221 (JetPack 5 hwmon) at \(hwmonPath)" }

    public mutating func read() throws(SysfsError) -> [RailSample] {
        var samples: [RailSample] = []
        for (index, channel) in channels.enumerated() {
            let millivolts = try root.readInt("\(hwmonPath)/in\(channel)_input")
            let milliamps = try root.readInt("\(hwmonPath)/curr\(channel)_input")
            let powerW = Double(millivolts) * Double(milliamps) / 1_000_000
            samples.append(RailSample(name: railNames[index], powerW: powerW, energyJ: nil))
        }
        return samples
    }
}
