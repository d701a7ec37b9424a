/// One cpufreq policy (`/sys/devices/system/cpu/cpufreq/policyN`), driven through the userspace governor's
/// `scaling_setspeed`, with the limits widened when a frequency below the nvpmodel floor (1.19 GHz on the Xavier NX)
/// or above the current cap is asked for.
public struct CpufreqPolicyActuator: FrequencyActuator {
    /// What the policy looked like before Tandem touched it.
    public struct Snapshot: Sendable, Equatable {
        public var governor: String
        public var minKHz: Int
        public var maxKHz: Int
        /// The set speed, kept only when the governor was `userspace` (other governors read `<unsupported>`).
        public var setspeedKHz: Int?

        public init(governor: String, minKHz: Int, maxKHz: Int, setspeedKHz: Int?) {
            self.governor = governor
            self.minKHz = minKHz
            self.maxKHz = maxKHz
            self.setspeedKHz = setspeedKHz
        }
    }

    public let root: SysfsRoot
    public let policyPath: String
    public let availableFrequenciesKHz: [Int]
    public let availableGovernors: [String]
    public let snapshot: Snapshot

    /// Reads the table and snapshots governor, limits and set speed.
    public init(root: SysfsRoot, policyPath: String) throws(ActuatorError) {
        self.root = root
        self.policyPath = policyPath
        do {
            availableFrequenciesKHz = try root.readIntList("\(policyPath)/scaling_available_frequencies").sorted()
            availableGovernors = try root.readString("\(policyPath)/scaling_available_governors")
                .split(separator: " ").map(String.init)
            let governor = try root.readString("\(policyPath)/scaling_governor").trimmingSpaces
            let setspeed = governor == "userspace" ? try root.readInt("\(policyPath)/scaling_setspeed") : nil
            snapshot = Snapshot(governor: governor, minKHz: try root.readInt("\(policyPath)/scaling_min_freq"),
                                maxKHz: try root.readInt("\(policyPath)/scaling_max_freq"), setspeedKHz: setspeed)
        } catch {
            throw .sysfs(error)
        }
        guard !availableFrequenciesKHz.isEmpty else {
            throw .sysfs(.garbage(path: root.resolve("\(policyPath)/scaling_available_frequencies"), content: "",
                                  expected: "at least one frequency"))
        }
    }

    public var domain: String { "cpufreq \(policyPath.split(separator: "/").last.map(String.init) ?? policyPath)" }

    public func currentFrequencyKHz() throws(ActuatorError) -> Int {
        do { return try root.readInt("\(policyPath)/scaling_cur_freq") } catch { throw .sysfs(error) }
    }

    public func currentGovernor() throws(ActuatorError) -> String {
        do { return try root.readString("\(policyPath)/scaling_governor").trimmingSpaces } catch { throw .sysfs(error) }
    }

    /// Switches the governor (e.g. back to `schedutil`); refused when the kernel does not offer it.
    public func setGovernor(_ governor: String) throws(ActuatorError) {
        guard availableGovernors.contains(governor) else {
            throw .governorUnavailable(domain: domain, governor: governor, available: availableGovernors)
        }
        do { try root.write(governor, to: "\(policyPath)/scaling_governor") } catch { throw .sysfs(error) }
    }

    /// Sets `scaling_min_freq`/`scaling_max_freq` (both table entries), in the order that keeps min ≤ max.
    public func setLimits(minKHz: Int, maxKHz: Int) throws(ActuatorError) {
        for value in [minKHz, maxKHz] where !availableFrequenciesKHz.contains(value) {
            throw .notInTable(domain: domain, requestedKHz: value, availableKHz: availableFrequenciesKHz)
        }
        do {
            let currentMax = try root.readInt("\(policyPath)/scaling_max_freq")
            try writeLimitsInOrder(root: root, minPath: "\(policyPath)/scaling_min_freq",
                                   maxPath: "\(policyPath)/scaling_max_freq", currentMax: currentMax,
                                   newMin: min(minKHz, maxKHz), newMax: max(minKHz, maxKHz))
        } catch {
            throw .sysfs(error)
        }
    }

    /// Userspace governor at `kHz`. The limits are widened first if `kHz` lies outside them, since the kernel would
    /// otherwise clamp the set speed silently.
    public func setFrequency(kHz: Int) throws(ActuatorError) {
        guard availableFrequenciesKHz.contains(kHz) else {
            throw .notInTable(domain: domain, requestedKHz: kHz, availableKHz: availableFrequenciesKHz)
        }
        if try currentGovernor() != "userspace" { try setGovernor("userspace") }
        do {
            let minKHz = try root.readInt("\(policyPath)/scaling_min_freq")
            let maxKHz = try root.readInt("\(policyPath)/scaling_max_freq")
            if kHz < minKHz || kHz > maxKHz {
                try writeLimitsInOrder(root: root, minPath: "\(policyPath)/scaling_min_freq",
                                       maxPath: "\(policyPath)/scaling_max_freq", currentMax: maxKHz,
                                       newMin: min(minKHz, kHz), newMax: max(maxKHz, kHz))
            }
            try root.write(String(kHz), to: "\(policyPath)/scaling_setspeed")
        } catch {
            throw .sysfs(error)
        }
    }

    /// Governor first (so the limits apply to it), then the limits, then the set speed if it was `userspace`.
    public func restore() throws(ActuatorError) {
        do {
            if try root.readString("\(policyPath)/scaling_governor").trimmingSpaces != snapshot.governor {
                try root.write(snapshot.governor, to: "\(policyPath)/scaling_governor")
            }
            let currentMax = try root.readInt("\(policyPath)/scaling_max_freq")
            try writeLimitsInOrder(root: root, minPath: "\(policyPath)/scaling_min_freq",
                                   maxPath: "\(policyPath)/scaling_max_freq", currentMax: currentMax,
                                   newMin: snapshot.minKHz, newMax: snapshot.maxKHz)
            if let setspeed = snapshot.setspeedKHz {
                try root.write(String(setspeed), to: "\(policyPath)/scaling_setspeed")
            }
        } catch {
            throw .sysfs(error)
        }
    }
}
