import Testing
@testable import Governors

@Suite struct OndemandTests {
    let table = XavierNXTables.cpu
    let ops = XavierNXTables.cpuKHz

    /// Replays `busy` (per ms) and returns the request after each ms.
    func replay(_ governor: inout some Governor, _ busy: [Double]) -> [Int] {
        GovernorReplay.run(&governor, trace: BusyTrace(busy: busy)).frequenciesKHz
    }

    @Test func proportionalTargetIsClosestToMinPlusLoadTimesRange() {
        // target = 115200 + load·(1907200 − 115200)/100, then the closest OPP (reference §4).
        for load in 0...95 {
            var governor = Ondemand(table: table)
            let requests = replay(&governor, Array(repeating: Double(load) / 100, count: 10))
            let target = 115_200 + load * 1_792_000 / 100
            let closest = ops.min { abs($0 - target) < abs($1 - target) || (abs($0 - target) == abs($1 - target) && $0 < $1) }!
            #expect(requests[9] == closest, "load \(load): \(requests[9]) vs \(closest)")
            #expect(requests[..<9].allSatisfy { $0 == 115_200 }, "no sample before 10 ms")
        }
        #expect(Ondemand.proportionalTargetKHz(load: 50, table: table) == 1_011_200)
    }

    @Test func aboveUpThresholdJumpsToMax() {
        // up_threshold 95 (NOHZ): load 96 → f_max; load 95 → proportional 1817600 → closest 1804800.
        var high = Ondemand(table: table)
        #expect(replay(&high, Array(repeating: 0.96, count: 10)).last == 1_907_200)
        var edge = Ondemand(table: table)
        #expect(replay(&edge, Array(repeating: 0.95, count: 10)).last == 1_804_800)
        #expect(Ondemand.defaultUpThreshold == 95 && Ondemand.defaultSamplingRateUs == 10_000)
    }

    @Test func samplesEverySamplingRateAndHoldsAtMaxForTheDownFactor() {
        // After a jump to f_max with sampling_down_factor 3 the next sample comes 30 ms later.
        var governor = Ondemand(table: table, samplingDownFactor: 3)
        // (Half-busy afterwards so that the window is not a long idle, which would reuse the old load.)
        let busy = Array(repeating: 1.0, count: 10) + Array(repeating: 0.5, count: 40)
        let requests = replay(&governor, busy)
        #expect(requests[9] == 1_907_200)
        #expect(requests[10..<39].allSatisfy { $0 == 1_907_200 }, "held for 3 sampling periods")
        #expect(requests[39] == 1_036_800)
        var plain = Ondemand(table: table)
        #expect(replay(&plain, busy)[19] == 1_036_800, "factor 1: the next sample after 10 ms")
    }

    @Test func wakeFromLongIdleReusesThePreviousLoadOnce() {
        var governor = Ondemand(table: table)
        #expect(governor.update(nowUs: 10_000, busyFraction: 0.5) == 1_036_800)
        // 35 ms mostly idle (idle > 2 × sampling_rate): the load before the sleep (50) is reused once.
        #expect(governor.update(nowUs: 45_000, busyFraction: 0.02) == 1_036_800)
        #expect(governor.update(nowUs: 55_000, busyFraction: 0.0) == 115_200)
    }
}

@Suite struct ConservativeTests {
    let table = XavierNXTables.cpu
    let ops = XavierNXTables.cpuKHz
    let step = 95_360  // 5% of 1907200

    @Test func climbsByFivePercentStepsResolvedDownwards() {
        var governor = Conservative(table: table)
        #expect(governor.stepKHz == step)
        let requests = GovernorReplay.run(&governor, trace: BusyTrace(busy: Array(repeating: 1, count: 250))).frequenciesKHz
        for sample in 1...25 {
            // requested_freq = min + k·step (capped at max), applied with RELATION_H.
            let target = min(115_200 + sample * step, 1_907_200)
            #expect(requests[sample * 10 - 1] == XavierNXTables.highestAtOrBelow(ops, target), "sample \(sample)")
        }
        #expect(requests[189] == 1_907_200, "reaches f_max after 19 steps: 115200 + 19·95360 ≥ 1907200")
        #expect(requests[179] == 1_804_800)
    }

    @Test func fallsByStepsResolvedUpwards() {
        var governor = Conservative(table: table, startFrequencyKHz: 1_907_200)
        let requests = GovernorReplay.run(&governor, trace: BusyTrace(busy: Array(repeating: 0, count: 250)),
                                          startFrequencyKHz: 1_907_200).frequenciesKHz
        for sample in 1...20 {
            let target = max(1_907_200 - sample * step, 115_200)
            #expect(requests[sample * 10 - 1] == XavierNXTables.lowestAtOrAbove(ops, target), "sample \(sample)")
        }
    }

    @Test func holdsBetweenThresholdsAndSkipsForTheDownFactor() {
        var middle = Conservative(table: table, startFrequencyKHz: 1_036_800)
        let held = GovernorReplay.run(&middle, trace: BusyTrace(busy: Array(repeating: 0.5, count: 100)),
                                      startFrequencyKHz: 1_036_800).frequenciesKHz
        #expect(held.allSatisfy { $0 == 1_036_800 }, "20 ≤ load ≤ 80 holds")
        var slow = Conservative(table: table, samplingDownFactor: 2)
        let falls = GovernorReplay.run(&slow, trace: BusyTrace(busy: Array(repeating: 0, count: 40)),
                                       startFrequencyKHz: 1_907_200).frequenciesKHz
        #expect(falls[9] == 1_907_200 && falls[19] == 1_817_600.roundedUp(in: ops) && falls[29] == falls[19])
    }

    @Test func longIdleDropsOneStepPerSleptPeriod() {
        var governor = Conservative(table: table, startFrequencyKHz: 1_907_200)
        // 50 ms asleep in one update: 5 idle periods → 5 steps, then the low load takes one more.
        let request = governor.update(nowUs: 50_000, busyFraction: 0)
        #expect(request == XavierNXTables.lowestAtOrAbove(ops, 1_907_200 - 6 * step))
    }
}

@Suite struct FixedGovernorTests {
    let table = XavierNXTables.cpu

    @Test func performancePowersaveAndUserspace() {
        var performance = Performance(table: table)
        var powersave = Powersave(table: table)
        var userspace = Userspace(table: table)
        #expect(userspace.setSpeed(1_000_000) == 1_036_800, "RELATION_L")
        #expect(userspace.setSpeed(5_000_000) == 1_907_200, "clamped to max")
        #expect(userspace.setSpeed(0) == 115_200, "clamped to min")
        userspace.setSpeed(1_190_400)
        for (index, busy) in burstTrace(length: 200, seed: 3).enumerated() {
            let now = Int64(index + 1) * 1000
            #expect(performance.update(nowUs: now, busyFraction: busy) == 1_907_200)
            #expect(powersave.update(nowUs: now, busyFraction: busy) == 115_200)
            #expect(userspace.update(nowUs: now, busyFraction: busy) == 1_190_400)
        }
    }
}

extension Int {
    /// The lowest operating point of `ops` at or above this value.
    func roundedUp(in ops: [Int]) -> Int { XavierNXTables.lowestAtOrAbove(ops, self) }
}
