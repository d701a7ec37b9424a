/// Turns a wrapping hardware energy counter (RAPL `energy_uj`, which wraps to 0 after `max_energy_range_uj`) into a
/// monotonic total.
///
/// A raw value below the previous one means one wrap: the counter ran from `previous` up to `maxRangeMicrojoules`
/// and on from 0 to `raw`, so the step is `max − previous + raw` (the convention of the powercap users, e.g.
/// powerstat and Kepler). Reads must come more often than one full range (minutes at typical package power).
public struct EnergyCounterAccumulator: Sendable, Equatable {
    public let maxRangeMicrojoules: UInt64
    public private(set) var previousRaw: UInt64?
    public private(set) var totalMicrojoules: UInt64 = 0

    public init(maxRangeMicrojoules: UInt64) {
        self.maxRangeMicrojoules = maxRangeMicrojoules
    }

    /// Adds one raw reading; returns the energy since the previous reading in µJ (0 for the first).
    @discardableResult
    public mutating func add(raw: UInt64) -> UInt64 {
        defer { previousRaw = raw }
        guard let previous = previousRaw else { return 0 }
        let step = raw >= previous ? raw - previous : (maxRangeMicrojoules &- previous) &+ raw
        totalMicrojoules &+= step
        return step
    }

    public var totalJ: Double { Double(totalMicrojoules) / 1_000_000 }
}
