/// performance (`drivers/cpufreq/cpufreq_performance.c`): always the policy maximum (`CPUFREQ_RELATION_H`).
/// It acts only when started or when limits change; the load is never looked at.
public struct Performance: Governor {
    public let name = "performance"
    public let table: FrequencyTable
    public var requestedFrequencyKHz: Int { table.highestKHz }
    public var utilization: Double { 0 }

    public init(table: FrequencyTable) { self.table = table }

    public mutating func reset(nowUs: Int64, frequencyKHz: Int) {}

    @discardableResult
    public mutating func update(nowUs: Int64, busyFraction: Double) -> Int { table.highestKHz }
}
