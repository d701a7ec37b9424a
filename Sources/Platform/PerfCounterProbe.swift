import Glibc

/// What this kernel offers of the perf events, and proof that the software counters count: it opens the software
/// events for the calling thread, spins for `busyMilliseconds`, and reports how far task-clock advanced.
public struct PerfCounterProbe: Sendable {
    public var available: [PerfEvent]
    /// Event → why it cannot be opened (errno), e.g. hardware events in a VM.
    public var unavailable: [PerfEvent: String]
    /// task-clock advance over the busy spin, ns (nil when task-clock is unavailable).
    public var taskClockAdvanceNs: UInt64?
    public var busyMilliseconds: Double

    public static func run(busyMilliseconds: Double = 5) -> PerfCounterProbe {
        let results = PerfCounterGroup.probe()
        var available: [PerfEvent] = []
        var unavailable: [PerfEvent: String] = [:]
        for event in PerfEvent.allCases {
            switch results[event] {
            case .success?: available.append(event)
            case .failure(let error)?: unavailable[event] = error.description
            case nil: unavailable[event] = "not probed"
            }
        }
        var advance: UInt64?
        if available.contains(.taskClock), let group = try? PerfCounterGroup([.taskClock, .contextSwitches]),
           let before = try? group.read()
        {
            spin(milliseconds: busyMilliseconds)
            if let after = try? group.read(), let end = after.values[.taskClock], let start = before.values[.taskClock] {
                advance = end >= start ? end - start : 0
            }
            group.close()
        }
        return PerfCounterProbe(available: available, unavailable: unavailable, taskClockAdvanceNs: advance,
                                busyMilliseconds: busyMilliseconds)
    }

    /// Keeps the calling thread on the CPU for about `milliseconds` of wall time.
    public static func spin(milliseconds: Double) {
        let clock = MonotonicClock.system
        let end = clock.now() + milliseconds / 1000
        var accumulator: UInt64 = 1
        while clock.now() < end {
            for index in 0..<1000 { accumulator = accumulator &* 6_364_136_223_846_793_005 &+ UInt64(index) }
        }
        withExtendedLifetime(accumulator) {}
    }
}
