import Platform
import Testing

@Suite struct PerfCounterTests {
    /// Every event is either available or listed as unavailable with its errno; nothing is silently dropped.
    @Test func probeAccountsForEveryEvent() {
        let probe = PerfCounterProbe.run(busyMilliseconds: 1)
        #expect(Set(probe.available).union(probe.unavailable.keys) == Set(PerfEvent.allCases))
        #expect(Set(probe.available).isDisjoint(with: probe.unavailable.keys))
        for reason in probe.unavailable.values { #expect(reason.contains("perf_event_open failed")) }
        // Software events exist on every Linux kernel with perf events, VMs included.
        #expect(probe.available.contains(.taskClock))
        #expect(probe.available.contains(.contextSwitches))
    }

    @Test func taskClockAdvancesDuringABusyLoop() throws {
        let group = try PerfCounterGroup([.taskClock, .contextSwitches, .cycles, .instructions])
        #expect(group.events.contains(.taskClock))
        #expect(Set(group.events).union(group.unavailable.keys) == [.taskClock, .contextSwitches, .cycles, .instructions])
        let clock = MonotonicClock.system
        let before = try group.read()
        let start = clock.now()
        PerfCounterProbe.spin(milliseconds: 30)
        let wallNs = (clock.now() - start) * 1e9
        let after = try group.read()
        let taskClock = Double((after.values[.taskClock] ?? 0) - (before.values[.taskClock] ?? 0))
        // On a 2-core machine shared with others the thread may be descheduled, so bound it loosely from below;
        // it can never exceed the wall time it spanned (plus the read's own cost).
        #expect(taskClock > 0.2 * 30e6, "task-clock advanced only \(taskClock) ns over a 30 ms spin")
        #expect(taskClock <= wallNs + 2e6)
        #expect(after.timeEnabledNs >= before.timeEnabledNs)
        if group.events.contains(.instructions) {
            #expect((after.values[.instructions] ?? 0) > (before.values[.instructions] ?? 0))
        }
        group.close()
        #expect(throws: PerfError.self) { try group.read() }
    }
}
