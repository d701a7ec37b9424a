/// userspace (`drivers/cpufreq/cpufreq_userspace.c`): whatever was last written to `scaling_setspeed`, resolved with
/// `CPUFREQ_RELATION_L` (lowest operating point ≥ the value) and clamped to the limits; no rate limit, no load.
public struct Userspace: Governor {
    public let name = "userspace"
    public let table: FrequencyTable
    public private(set) var requestedFrequencyKHz: Int
    public var utilization: Double { 0 }

    public init(table: FrequencyTable, startFrequencyKHz: Int? = nil) {
        self.table = table
        requestedFrequencyKHz = table.lowestAtOrAbove(startFrequencyKHz ?? table.lowestKHz)
    }

    /// A write to `scaling_setspeed`; returns the operating point that takes effect.
    @discardableResult
    public mutating func setSpeed(_ frequencyKHz: Int) -> Int {
        requestedFrequencyKHz = table.lowestAtOrAbove(table.clamp(frequencyKHz))
        return requestedFrequencyKHz
    }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) { setSpeed(frequencyKHz) }

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int { requestedFrequencyKHz }
}
