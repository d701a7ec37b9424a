import Glibc
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

    /// The thread's CPU time from CLOCK_THREAD_CPUTIME_ID: an independent measure of what task-clock counts.
    private func threadCPUTimeNs() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1e9 + Double(spec.tv_nsec)
    }

    /// Spins until the thread has had 20 ms of CPU (however loaded the shared machine is), then checks that
    /// task-clock advanced by the thread's CPU time, as the kernel's own clock measures it.
    @Test func taskClockAdvancesDuringABusyLoop() throws {
        let group = try PerfCounterGroup([.taskClock, .contextSwitches, .cycles, .instructions])
        #expect(group.events.contains(.taskClock))
        #expect(Set(group.events).union(group.unavailable.keys) == [.taskClock, .contextSwitches, .cycles, .instructions])
        let clock = MonotonicClock.system
        let wallStart = clock.now()
        let before = try group.read()
        let cpuStart = threadCPUTimeNs()
        while threadCPUTimeNs() - cpuStart < 20e6, clock.now() - wallStart < 10 {
            PerfCounterProbe.spin(milliseconds: 1)
        }
        let cpuNs = threadCPUTimeNs() - cpuStart
        let after = try group.read()
        let taskClock = Double((after.values[.taskClock] ?? 0) - (before.values[.taskClock] ?? 0))
        #expect(cpuNs >= 20e6, "the thread got only \(cpuNs) ns of CPU in 10 s")
        #expect(abs(taskClock - cpuNs) < 2e6 + 0.1 * cpuNs, "task-clock \(taskClock) ns vs thread CPU time \(cpuNs) ns")
        #expect(after.timeEnabledNs >= before.timeEnabledNs)
        if group.events.contains(.instructions) {
            #expect((after.values[.instructions] ?? 0) > (before.values[.instructions] ?? 0))
        }
        group.close()
        #expect(throws: PerfError.self) { try group.read() }
    }

    /// Per-CPU counting (pid −1, cpu N) needs privileges (the tests run as root); the group either opens or says why.
    @Test func perCPUScopeOpensOrExplains() {
        do {
            let group = try PerfCounterGroup([.contextSwitches, .taskClock], scope: .cpu(0))
            #expect(!group.events.isEmpty)
            PerfCounterProbe.spin(milliseconds: 2)
            #expect(throws: Never.self) { try group.read() }
        } catch {
            #expect(error.description.contains("perf_event_open failed"))
        }
    }
}
