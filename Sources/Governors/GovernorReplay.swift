/// What a governor requested while a busy trace was replayed through it.
public struct GovernorReplay: Sendable, Equatable {
    /// Each row's time, ms (the trace's `t_ms`).
    public let timesMs: [Int]
    /// The request at the end of each row's millisecond, kHz.
    public let frequenciesKHz: [Int]
    /// The governor's view of the load at the end of each row's millisecond (`Governor.utilization`).
    public let utilization: [Double]
    /// The request before the first row, kHz.
    public let startFrequencyKHz: Int

    /// Replays `trace` through `governor`, one update per millisecond, starting at `startFrequencyKHz`
    /// (default: the table's lowest operating point) at the trace's first time.
    public static func run(_ governor: inout some Governor, trace: BusyTrace, startFrequencyKHz: Int? = nil) -> GovernorReplay {
        let startUs = Int64(trace.startMs) * 1000
        governor.reset(nowUs: startUs, frequencyKHz: startFrequencyKHz ?? governor.table.lowestKHz)
        let start = governor.requestedFrequencyKHz
        var frequencies: [Int] = []
        var utilization: [Double] = []
        frequencies.reserveCapacity(trace.busy.count)
        utilization.reserveCapacity(trace.busy.count)
        for (index, busy) in trace.busy.enumerated() {
            frequencies.append(governor.update(nowUs: startUs + Int64(index + 1) * 1000, busyFraction: busy))
            utilization.append(governor.utilization)
        }
        return GovernorReplay(timesMs: Array(trace.startMs..<(trace.startMs + trace.busy.count)),
                              frequenciesKHz: frequencies, utilization: utilization, startFrequencyKHz: start)
    }

    /// Time-weighted mean of the requests, kHz.
    public var meanFrequencyKHz: Double {
        frequenciesKHz.isEmpty ? 0 : Double(frequenciesKHz.reduce(0, +)) / Double(frequenciesKHz.count)
    }

    /// How many times the request changed from one millisecond to the next (the start counts as the first).
    public var switches: Int {
        var previous = startFrequencyKHz
        var count = 0
        for frequency in frequenciesKHz where frequency != previous {
            count += 1
            previous = frequency
        }
        return count
    }
}
