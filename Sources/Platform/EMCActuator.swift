/// The Jetson memory clock through BPMP debugfs (`/sys/kernel/debug/bpmp/debug/clk/emc`): lock the rate
/// (`mrq_rate_locked` = 1) and write `rate` in Hz, as jetson_clocks does. The operating points come from the
/// platform description, since debugfs lists none. [verify on board: the accepted rates]
public struct EMCActuator: FrequencyActuator {
    public struct Snapshot: Sendable, Equatable {
        public var rateHz: Int
        public var rateLocked: String
    }

    public let root: SysfsRoot
    public let controlPath: String
    public let availableFrequenciesKHz: [Int]
    public let snapshot: Snapshot

    public init(root: SysfsRoot, controlPath: String, frequenciesKHz: [Int]) throws(ActuatorError) {
        self.root = root
        self.controlPath = controlPath
        availableFrequenciesKHz = frequenciesKHz.sorted()
        do {
            snapshot = Snapshot(rateHz: try root.readInt("\(controlPath)/rate"),
                                rateLocked: try root.readString("\(controlPath)/mrq_rate_locked").trimmingSpaces)
        } catch {
            throw .sysfs(error)
        }
    }

    public var domain: String { "emc" }

    public func currentFrequencyKHz() throws(ActuatorError) -> Int {
        do { return try root.readInt("\(controlPath)/rate") / 1000 } catch { throw .sysfs(error) }
    }

    public func setFrequency(kHz: Int) throws(ActuatorError) {
        guard availableFrequenciesKHz.contains(kHz) else {
            throw .notInTable(domain: domain, requestedKHz: kHz, availableKHz: availableFrequenciesKHz)
        }
        do {
            try root.write("1", to: "\(controlPath)/mrq_rate_locked")
            try root.write(String(kHz * 1000), to: "\(controlPath)/rate")
        } catch {
            throw .sysfs(error)
        }
    }

    public func restore() throws(ActuatorError) {
        do {
            try root.write(String(snapshot.rateHz), to: "\(controlPath)/rate")
            try root.write(snapshot.rateLocked, to: "\(controlPath)/mrq_rate_locked")
        } catch {
            throw .sysfs(error)
        }
    }
}
