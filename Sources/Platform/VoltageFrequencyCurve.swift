/// Supply voltage as a function of clock: flat at `minimumV` up to `kneeKHz`, then rising linearly to `maximumV` at
/// `maximumKHz` (reference/jetson-xavier-nx.md §A: no public table, so a fitted shape, not data).
public struct VoltageFrequencyCurve: Sendable, Equatable {
    public var minimumV: Double
    public var maximumV: Double
    public var kneeKHz: Double
    public var maximumKHz: Double

    public init(minimumV: Double, maximumV: Double, kneeKHz: Double, maximumKHz: Double) {
        self.minimumV = minimumV
        self.maximumV = maximumV
        self.kneeKHz = kneeKHz
        self.maximumKHz = maximumKHz
    }

    public func voltage(atKHz frequency: Double) -> Double {
        guard frequency > kneeKHz, maximumKHz > kneeKHz else { return minimumV }
        return minimumV + (maximumV - minimumV) * (frequency - kneeKHz) / (maximumKHz - kneeKHz)
    }

    /// V²·f with f in GHz: the factor dynamic power is proportional to.
    public func switchingFactor(atKHz frequency: Double) -> Double {
        let volts = voltage(atKHz: frequency)
        return volts * volts * frequency / 1e6
    }
}
