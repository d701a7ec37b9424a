import Glibc

/// Any hwmon device that reports `powerK_input` (µW), e.g. ACPI power meters or amdgpu; the rail is named by
/// `powerK_label` when present, else by the device's `name`.
public struct HwmonPowerRails: PowerRailSensor {
    public static let hwmonClassPath = "/sys/class/hwmon"

    public let root: SysfsRoot
    public let inputPaths: [String]
    public let railNames: [String]

    /// Finds every `power*_input` under `/sys/class/hwmon/hwmon*`; throws if there is none.
    public init(root: SysfsRoot) throws(SysfsError) {
        self.root = root
        var paths: [String] = []
        var names: [String] = []
        for device in try root.listDirectory(Self.hwmonClassPath) where device.hasPrefix("hwmon") {
            let folder = "\(Self.hwmonClassPath)/\(device)"
            guard let entries = try? root.listDirectory(folder) else { continue }
            let deviceName = (try? root.readString("\(folder)/name").trimmingSpaces) ?? device
            for entry in entries where entry.hasPrefix("power") && entry.hasSuffix("_input") {
                let stem = String(entry.dropLast("_input".count))
                let label = (try? root.readString("\(folder)/\(stem)_label").trimmingSpaces) ?? stem
                paths.append("\(folder)/\(entry)")
                names.append("\(deviceName)/\(label)")
            }
        }
        guard !paths.isEmpty else {
            throw .system(path: root.resolve("\(Self.hwmonClassPath)/hwmon*/power*_input"),
                          operation: "find hwmon power sensors", errno: ENOENT)
        }
        inputPaths = paths
        railNames = names
    }

    public var sourceDescription: String { "hwmon power sensors at \(Self.hwmonClassPath)" }

    public mutating func read() throws(SysfsError) -> [RailSample] {
        var samples: [RailSample] = []
        for (index, path) in inputPaths.enumerated() {
            let microwatts = try root.readInt(path)
            samples.append(RailSample(name: railNames[index], powerW: Double(microwatts) / 1e6, energyJ: nil))
        }
        return samples
    }
}
