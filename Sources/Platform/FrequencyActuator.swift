/// One clock domain Tandem can set: a cpufreq policy, the GPU's devfreq device, or the EMC.
///
/// Every implementation snapshots the domain's original state (governor, limits, set speed) when it is created and
/// puts it back with `restore()`. A frequency outside `availableFrequenciesKHz` is refused before anything is written.
public protocol FrequencyActuator: Sendable {
    /// For people and errors: `cpufreq policy0`, `gpu devfreq 17000000.gv11b`, `emc`.
    var domain: String { get }
    var availableFrequenciesKHz: [Int] { get }
    func currentFrequencyKHz() throws(ActuatorError) -> Int
    /// Runs the domain at exactly `kHz` (an entry of the table) until changed or restored.
    func setFrequency(kHz: Int) throws(ActuatorError)
    /// Writes back the snapshot taken at creation.
    func restore() throws(ActuatorError)
}

public enum ActuatorError: Error, Equatable, CustomStringConvertible {
    /// Refused without writing: the frequency is not an operating point of the domain.
    case notInTable(domain: String, requestedKHz: Int, availableKHz: [Int])
    /// The domain does not offer the governor that was asked for.
    case governorUnavailable(domain: String, governor: String, available: [String])
    /// A read or write failed (the path and errno are inside).
    case sysfs(SysfsError)

    public var description: String {
        switch self {
        case .notInTable(let domain, let requested, let available):
            "\(domain): \(requested) kHz is not an operating point (available: "
                + "\(available.first.map(String.init) ?? "none")…\(available.last.map(String.init) ?? "none") kHz, "
                + "\(available.count) levels); nothing was written"
        case .governorUnavailable(let domain, let governor, let available):
            "\(domain): governor '\(governor)' is not available (available: \(available.joined(separator: " ")))"
        case .sysfs(let error):
            error.description
        }
    }
}

/// Writes a [min, max] pair in the order that keeps min ≤ max at every instant: when the new minimum lies above the
/// current maximum (raising), max first then min; otherwise (lowering) min first then max. The kernel rejects the
/// other order with EINVAL (emwjacobson/JetsonPowerTesting; reference/jetson-xavier-nx.md §2).
func writeLimitsInOrder(root: SysfsRoot, minPath: String, maxPath: String, currentMax: Int, newMin: Int, newMax: Int)
    throws(SysfsError)
{
    if newMin > currentMax {
        try root.write(String(newMax), to: maxPath)
        try root.write(String(newMin), to: minPath)
    } else {
        try root.write(String(newMin), to: minPath)
        try root.write(String(newMax), to: maxPath)
    }
}
