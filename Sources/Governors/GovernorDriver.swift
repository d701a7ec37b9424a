import Platform

/// Runs an emulated governor on a real clock domain: each busy sample goes to the governor, and when its request
/// changes the new frequency is written through the actuator (for a cpufreq policy: `scaling_setspeed` under the
/// userspace governor). The actuator snapshots the domain's original state; call `restore()` when done.
public struct GovernorDriver<G: Governor, A: FrequencyActuator>: Sendable {
    public private(set) var governor: G
    public let actuator: A
    /// The last frequency written, nil before the first write.
    public private(set) var writtenFrequencyKHz: Int?

    /// Refuses a governor whose table holds an operating point the domain does not offer (it could never be written).
    public init(governor: G, actuator: A) throws(GovernorDriverError) {
        let offered = Set(actuator.availableFrequenciesKHz)
        if let missing = governor.table.frequenciesKHz.first(where: { !offered.contains($0) }) {
            throw .tableMismatch(domain: actuator.domain, frequencyKHz: missing)
        }
        self.governor = governor
        self.actuator = actuator
    }

    /// Reports the busy fraction since the previous step and writes the request if it changed (or was never written).
    /// Returns the frequency now requested.
    @discardableResult
    public mutating func step(nowUs: Int64, busyFraction: Double) throws(ActuatorError) -> Int {
        let request = governor.update(nowUs: nowUs, busyFraction: busyFraction)
        if request != writtenFrequencyKHz {
            try actuator.setFrequency(kHz: request)
            writtenFrequencyKHz = request
        }
        return request
    }

    /// Puts the domain back as it was found.
    public func restore() throws(ActuatorError) { try actuator.restore() }
}

/// Why a governor cannot drive a clock domain.
public enum GovernorDriverError: Error, Equatable, CustomStringConvertible {
    case tableMismatch(domain: String, frequencyKHz: Int)

    public var description: String {
        switch self {
        case .tableMismatch(let domain, let frequency):
            "\(domain): the governor's table holds \(frequency) kHz, which the domain does not offer"
        }
    }
}
