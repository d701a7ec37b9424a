/// The Jetson GPU's load: `/sys/devices/gpu.0/load`, per-mille busy over nvgpu's last window.
public struct GPULoadSensor: Sendable {
    public static let defaultLoadPath = "/sys/devices/gpu.0/load"

    public let root: SysfsRoot
    public let loadPath: String

    public init(root: SysfsRoot, loadPath: String = GPULoadSensor.defaultLoadPath) {
        self.root = root
        self.loadPath = loadPath
    }

    /// Busy fraction 0...1.
    public func read() throws(SysfsError) -> Double {
        let perMille = try root.readInt(loadPath)
        guard (0...1000).contains(perMille) else {
            throw .garbage(path: root.resolve(loadPath), content: "\(perMille)", expected: "a load of 0...1000 per mille")
        }
        return Double(perMille) / 1000
    }
}
