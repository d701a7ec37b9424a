/// A device's operating points in kHz, ascending and without duplicates, with the cpufreq core's rounding relations
/// (`include/linux/cpufreq.h`). Every governor resolves its raw target through one of these; none allocates.
public struct FrequencyTable: Sendable, Equatable {
    /// The operating points, strictly ascending, all positive.
    public let frequenciesKHz: [Int]

    /// A table from operating points in any order; duplicates are merged.
    /// Throws when the list is empty or holds a non-positive frequency.
    public init(frequenciesKHz: [Int]) throws(FrequencyTableError) {
        guard !frequenciesKHz.isEmpty else { throw .empty }
        if let bad = frequenciesKHz.first(where: { $0 <= 0 }) { throw .nonPositive(bad) }
        self.frequenciesKHz = Array(Set(frequenciesKHz)).sorted()
    }

    public var lowestKHz: Int { frequenciesKHz[0] }
    public var highestKHz: Int { frequenciesKHz[frequenciesKHz.count - 1] }
    public var count: Int { frequenciesKHz.count }

    /// `CPUFREQ_RELATION_L`: the lowest operating point ≥ `targetKHz`; the highest one when the target is above the table.
    public func lowestAtOrAbove(_ targetKHz: Int) -> Int {
        frequenciesKHz[min(firstIndex(atOrAbove: targetKHz), frequenciesKHz.count - 1)]
    }

    /// `CPUFREQ_RELATION_H`: the highest operating point ≤ `targetKHz`; the lowest one when the target is below the table.
    public func highestAtOrBelow(_ targetKHz: Int) -> Int {
        let index = firstIndex(atOrAbove: targetKHz)
        if index < frequenciesKHz.count && frequenciesKHz[index] == targetKHz { return targetKHz }
        return frequenciesKHz[max(index - 1, 0)]
    }

    /// `CPUFREQ_RELATION_C`: the closest operating point; a tie goes to the lower one.
    public func closest(_ targetKHz: Int) -> Int {
        let above = lowestAtOrAbove(targetKHz)
        let below = highestAtOrBelow(targetKHz)
        return above - targetKHz < targetKHz - below ? above : below
    }

    /// `targetKHz` clamped to [lowest, highest], as `__cpufreq_driver_target` clamps to the policy limits.
    public func clamp(_ targetKHz: Int) -> Int { min(max(targetKHz, lowestKHz), highestKHz) }

    /// Binary search: the index of the first operating point ≥ `targetKHz` (`count` when none is).
    func firstIndex(atOrAbove targetKHz: Int) -> Int {
        var low = 0
        var high = frequenciesKHz.count
        while low < high {
            let middle = (low + high) / 2
            if frequenciesKHz[middle] < targetKHz { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Why a frequency table was refused.
public enum FrequencyTableError: Error, Equatable, CustomStringConvertible {
    case empty
    case nonPositive(Int)

    public var description: String {
        switch self {
        case .empty: "frequency table: no operating points"
        case .nonPositive(let value): "frequency table: operating point \(value) kHz is not positive"
        }
    }
}
