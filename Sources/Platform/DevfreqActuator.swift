/// A devfreq device (the Jetson GPU: `/sys/devices/17000000.gv11b/devfreq/17000000.gv11b`). devfreq speaks Hz;
/// this type speaks kHz like the rest of Tandem. A frequency is pinned through `min_freq`/`max_freq` (which every
/// governor obeys), written in the raise/lower order, and also through `userspace/set_freq` when the governor is
/// `userspace`.
public struct DevfreqActuator: FrequencyActuator {
    public struct Snapshot: Sendable, Equatable {
        public var governor: String
        public var minHz: Int
        public var maxHz: Int
    }

    public let root: SysfsRoot
    public let devicePath: String
    public let availableFrequenciesKHz: [Int]
    public let availableGovernors: [String]
    public let snapshot: Snapshot

    public init(root: SysfsRoot, devicePath: String) throws(ActuatorError) {
        self.root = root
        self.devicePath = devicePath
        do {
            availableFrequenciesKHz = try root.readIntList("\(devicePath)/available_frequencies").map { $0 / 1000 }.sorted()
            availableGovernors = root.exists("\(devicePath)/available_governors")
                ? try root.readString("\(devicePath)/available_governors").split(separator: " ").map(String.init) : []
            snapshot = Snapshot(governor: try root.readString("\(devicePath)/governor").trimmingSpaces,
                                minHz: try root.readInt("\(devicePath)/min_freq"),
                                maxHz: try root.readInt("\(devicePath)/max_freq"))
        } catch {
            throw .sysfs(error)
        }
        guard !availableFrequenciesKHz.isEmpty else {
            throw .sysfs(.garbage(path: root.resolve("\(devicePath)/available_frequencies"), content: "",
                                  expected: "at least one frequency"))
        }
    }

    public var domain: String { "devfreq \(devicePath.split(separator: "/").last.map(String.init) ?? devicePath)" }

    public func currentFrequencyKHz() throws(ActuatorError) -> Int {
        do { return try root.readInt("\(devicePath)/cur_freq") / 1000 } catch { throw .sysfs(error) }
    }

    /// The table entry's exact Hz value (the table in kHz loses nothing: devfreq tables are whole kHz).
    private func hz(_ kHz: Int) -> Int { kHz * 1000 }

    public func setFrequency(kHz: Int) throws(ActuatorError) {
        guard availableFrequenciesKHz.contains(kHz) else {
            throw .notInTable(domain: domain, requestedKHz: kHz, availableKHz: availableFrequenciesKHz)
        }
        do {
            let currentMax = try root.readInt("\(devicePath)/max_freq")
            try writeLimitsInOrder(root: root, minPath: "\(devicePath)/min_freq", maxPath: "\(devicePath)/max_freq",
                                   currentMax: currentMax, newMin: hz(kHz), newMax: hz(kHz))
            if try root.readString("\(devicePath)/governor").trimmingSpaces == "userspace" {
                try root.write(String(hz(kHz)), to: "\(devicePath)/userspace/set_freq")
            }
        } catch {
            throw .sysfs(error)
        }
    }

    /// Switches the devfreq governor (`userspace`, `nvhost_podgov`, `simple_ondemand`, …) if offered.
    public func setGovernor(_ governor: String) throws(ActuatorError) {
        guard availableGovernors.contains(governor) else {
            throw .governorUnavailable(domain: domain, governor: governor, available: availableGovernors)
        }
        do { try root.write(governor, to: "\(devicePath)/governor") } catch { throw .sysfs(error) }
    }

    public func restore() throws(ActuatorError) {
        do {
            if try root.readString("\(devicePath)/governor").trimmingSpaces != snapshot.governor {
                try root.write(snapshot.governor, to: "\(devicePath)/governor")
            }
            let currentMax = try root.readInt("\(devicePath)/max_freq")
            try writeLimitsInOrder(root: root, minPath: "\(devicePath)/min_freq", maxPath: "\(devicePath)/max_freq",
                                   currentMax: currentMax, newMin: snapshot.minHz, newMax: snapshot.maxHz)
        } catch {
            throw .sysfs(error)
        }
    }
}
