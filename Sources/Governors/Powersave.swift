/// powersave (`drivers/cpufreq/cpufreq_powersave.c`): always the policy minimum (`CPUFREQ_RELATION_L`).
/// It acts only when started or when limits change; the load is never looked at.
public struct Powersave: Governor {
    public let name = "powersave"
    public let table: FrequencyTable
    public var requestedFrequencyKHz: Int { table.lowestKHz }
    public var utilization: Double { 0 }

    public init(table: FrequencyTable) { self.table = table }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {}

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int { table.lowestKHz }
}
