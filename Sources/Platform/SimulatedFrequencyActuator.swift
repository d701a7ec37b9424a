import Synchronization

/// The simulated twin of a clock domain: the same `FrequencyActuator` contract as the sysfs actuators (table check,
/// snapshot and restore), with the frequency kept in memory. Governors and controllers drive it exactly as they
/// drive a board; the simulator reads `currentIndex` as the operating-point index.
public final class SimulatedFrequencyActuator: FrequencyActuator {
    private struct State {
        var currentKHz: Int
        var requestCount: Int
    }

    public let domain: String
    public let availableFrequenciesKHz: [Int]
    /// The frequency at creation, which `restore()` returns to.
    public let initialKHz: Int
    private let state: Mutex<State>

    /// `initialKHz` must be in the table (the lowest entry when nil).
    public init(domain: String, frequenciesKHz: [Int], initialKHz: Int? = nil) throws(ActuatorError) {
        let table = frequenciesKHz.sorted()
        let start = initialKHz ?? table.first ?? 0
        guard table.contains(start) else {
            throw .notInTable(domain: domain, requestedKHz: start, availableKHz: table)
        }
        self.domain = domain
        availableFrequenciesKHz = table
        self.initialKHz = start
        state = Mutex(State(currentKHz: start, requestCount: 0))
    }

    public func currentFrequencyKHz() -> Int { state.withLock { $0.currentKHz } }

    /// The index of the current frequency in `availableFrequenciesKHz`.
    public var currentIndex: Int { availableFrequenciesKHz.firstIndex(of: currentFrequencyKHz()) ?? 0 }

    /// How many frequency changes were requested (restores excluded): the actuation count a controller pays for.
    public var requestCount: Int { state.withLock { $0.requestCount } }

    public func setFrequency(kHz: Int) throws(ActuatorError) {
        guard availableFrequenciesKHz.contains(kHz) else {
            throw .notInTable(domain: domain, requestedKHz: kHz, availableKHz: availableFrequenciesKHz)
        }
        state.withLock {
            $0.currentKHz = kHz
            $0.requestCount += 1
        }
    }

    public func restore() {
        state.withLock { $0.currentKHz = initialKHz }
    }
}
