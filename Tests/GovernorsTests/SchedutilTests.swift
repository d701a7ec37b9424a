import Foundation
import Testing
@testable import Governors

@Suite struct SchedutilTests {
    let table = XavierNXTables.cpu
    let ops = XavierNXTables.cpuKHz
    let fMax = 1_907_200
    /// The PELT period in ms.
    let periodMs = 1.048576

    /// The frequency the reference's formula asks for at utilisation `util` (of 1024): lowest OPP ≥ 1.25·f_max·u/1024.
    func requested(util: Double) -> Int {
        XavierNXTables.lowestAtOrAbove(ops, Int(1.25 * Double(fMax) * util / 1024))
    }

    @Test func tippingPointIsEightyPercent() {
        // C = 1.25: at util/max = 0.8 the request is f_max. With the 76.8 MHz steps, util 809 already rounds up to it.
        #expect(Schedutil.rawFrequencyKHz(maxKHz: fMax, util: 819) == 1_906_734)
        #expect(table.lowestAtOrAbove(Schedutil.rawFrequencyKHz(maxKHz: fMax, util: 819)) == fMax)
        #expect(table.lowestAtOrAbove(Schedutil.rawFrequencyKHz(maxKHz: fMax, util: 809)) == fMax)
        #expect(table.lowestAtOrAbove(Schedutil.rawFrequencyKHz(maxKHz: fMax, util: 808)) == 1_881_600)
        #expect(table.lowestAtOrAbove(Schedutil.rawFrequencyKHz(maxKHz: fMax, util: 512)) == 1_267_200)
    }

    /// An independent model of mainline schedutil under continuous load: the closed form u = 1024·(1 − y^n) on the
    /// frequency-invariant PELT clock, n = whole periods of that clock, evaluated every ms with the 10 ms rate limit.
    func naiveContinuousLoad(milliseconds: Int) -> [Int] {
        var frequency = ops[0]
        var peltClockMs = 0.0
        var lastChangeMs: Int?
        var result: [Int] = []
        for ms in 1...milliseconds {
            peltClockMs += Double(frequency) / Double(fMax)
            let periods = (peltClockMs / periodMs).rounded(.down)
            let util = 1024 * (1 - pow(2, -periods / 32))
            if lastChangeMs.map({ ms - $0 >= 10 }) ?? true {
                let next = requested(util: util)
                if next != frequency { frequency = next; lastChangeMs = ms }
            }
            result.append(frequency)
        }
        return result
    }

    @Test func continuousLoadReachesFMaxWhenTheClosedFormSaysSo() throws {
        var governor = Schedutil(table: table)
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(busy: Array(repeating: 1, count: 400)))
        let naive = naiveContinuousLoad(milliseconds: 400)
        let reached = try #require(replay.frequenciesKHz.firstIndex(of: fMax))
        let reachedNaive = try #require(naive.firstIndex(of: fMax))
        #expect(abs(reached - reachedNaive) <= 3, "f_max at \(reached) ms, closed form \(reachedNaive) ms")
        // It climbs monotonically and stays at f_max.
        #expect(zip(replay.frequenciesKHz, replay.frequenciesKHz.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(replay.frequenciesKHz[reached...].allSatisfy { $0 == fMax })
        // Every ms the request is within one operating point of the closed-form model's.
        for (ms, (model, reference)) in zip(replay.frequenciesKHz, naive).enumerated() {
            let gap = abs(ops.firstIndex(of: model)! - ops.firstIndex(of: reference)!)
            #expect(gap <= 2, "at \(ms) ms: \(model) vs \(reference)")
        }
    }

    @Test func dropsWithIdleAsUtilDecays() throws {
        var governor = Schedutil(table: table)
        let busy = Array(repeating: 1.0, count: 400) + Array(repeating: 0.0, count: 300)
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(busy: busy))
        #expect(replay.frequenciesKHz[399] == fMax)
        let startUtil = replay.utilization[399] * 1024
        for ms in 400..<700 {
            // util(t) = u0·y^(t/period) on the wall clock once idle; the request may lag by the 10 ms rate limit
            // plus one period (util_avg moves at period boundaries).
            let idleMs = Double(ms + 1 - 400)
            // The kernel's util is an integer, so the newest bound takes one less.
            let newest = requested(util: (startUtil * pow(2, -idleMs / periodMs / 32)).rounded(.down) - 1)
            let oldest = requested(util: startUtil * pow(2, -max(idleMs - 10 - 2 * periodMs, 0) / periodMs / 32))
            #expect(replay.frequenciesKHz[ms] >= newest, "at \(ms) ms: \(replay.frequenciesKHz[ms]) below \(newest)")
            #expect(replay.frequenciesKHz[ms] <= oldest,
                    "at \(ms) ms: \(replay.frequenciesKHz[ms]) not in [\(newest), \(oldest)]")
        }
        #expect(replay.frequenciesKHz.last == ops[0])
    }

    @Test func noTwoChangesCloserThanTheRateLimit() {
        // Bursts of work and idle of random length (a fixed busy fraction below 80% would sink to f_min under
        // frequency invariance).
        let busy = burstTrace(length: 3000, seed: 7)
        for rateLimitUs: Int64 in [10_000, 3_000] {
            var governor = Schedutil(table: table, rateLimitUs: rateLimitUs)
            var changeTimesUs: [Int64] = []
            for (index, fraction) in busy.enumerated() {
                governor.update(nowUs: Int64(index + 1) * 1000, busyFraction: fraction)
                // At most one change per update: a second one would need the rate limit to pass within 1 ms.
                if let last = governor.lastChangeUs, last != changeTimesUs.last { changeTimesUs.append(last) }
            }
            let changes = changeTimesUs.count
            for (earlier, later) in zip(changeTimesUs, changeTimesUs.dropFirst()) {
                #expect(later - earlier >= rateLimitUs, "changes at \(earlier) µs and \(later) µs")
            }
            #expect(changes > 20, "a random trace should move the request (\(changes) changes)")
        }
    }

    @Test func utilEstimateRestoresTheRequestAtWakeUp() {
        // util_est: a task that ran flat out, slept 100 ms (util_avg decays to ≈1024·2^(−100/33.6) ≈ 130) and wakes
        // claims its previous level at once: f_max at the wake-up, where util_avg alone would ask for ≈300 MHz.
        var governor = Schedutil(table: table)
        let busy = Array(repeating: 1.0, count: 400) + [0.5] + Array(repeating: 0.0, count: 100) + [1.0]
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(busy: busy))
        #expect(replay.frequenciesKHz[499] < 700_000, "asleep: \(replay.frequenciesKHz[499])")
        #expect(replay.frequenciesKHz[501] == fMax, "woken: \(replay.frequenciesKHz[501])")
    }

    @Test func ioWaitBoostDoublesPerRequestAndHalvesPerUse() {
        // A task waking from I/O every ms, running 0.1 ms (its own util stays near 0). Boost 128 → 256 → 512 → 1024,
        // doubling once per use; the 10 ms rate limit spaces the uses: requests = lowest OPP ≥ 1.25·f_max·boost/1024.
        var governor = Schedutil(table: table)
        var requests: [Int] = []
        for ms in 0..<80 {
            requests.append(governor.update(nowUs: Int64(ms + 1) * 1000, busyFraction: 0.1, ioWaitWakeup: ms < 35))
        }
        #expect(requests[0..<9].allSatisfy { $0 == 345_600 }, "boost 128 → 298000 → 345600: \(requests[0..<9])")
        #expect(requests[9..<19].allSatisfy { $0 == 652_800 }, "boost 256")
        #expect(requests[19..<29].allSatisfy { $0 == 1_267_200 }, "boost 512")
        #expect(requests[29..<40].allSatisfy { $0 == fMax }, "boost 1024")
        // No more I/O wake-ups: the boost halves at each use.
        #expect(requests[40..<49].allSatisfy { $0 == 1_267_200 }, "\(requests[40..<49])")
        #expect(requests[49..<59].allSatisfy { $0 == 652_800 })
        #expect(requests[59..<69].allSatisfy { $0 == 345_600 })
        #expect(requests[69] < 345_600, "boost below 128 is dropped")
    }

    @Test func ioWaitBoostResetsAfterATickWithoutUpdates() {
        // Wake-ups from I/O 5 ms apart (more than the 4 ms tick, and the CPU idle in between): the boost restarts at
        // 128 each time instead of doubling. (The caller's update while idle stands for a blocked-load update, which
        // also clears a stale boost, hence the alternation.)
        var governor = Schedutil(table: table)
        var requests: [Int] = []
        for step in 0..<12 {
            requests.append(governor.update(nowUs: Int64(step + 1) * 5000, busyFraction: 0.02, ioWaitWakeup: true))
        }
        #expect(requests.allSatisfy { $0 <= 345_600 }, "\(requests)")
        #expect(requests.filter { $0 == 345_600 }.count >= 3, "the restarted boost is applied: \(requests)")
    }

    @Test func busyHeuristicHoldsOnlyOnSingleCPUPolicies() {
        // After a long idle the request is at the bottom; then the task runs without a break: on a single-CPU policy
        // a later fall is refused while no idle happened. Check that the request under continuous load never falls.
        var single = Schedutil(table: table, cpuCount: 1)
        let replay = GovernorReplay.run(&single, trace: BusyTrace(busy: Array(repeating: 1, count: 300)))
        #expect(zip(replay.frequenciesKHz, replay.frequenciesKHz.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func perCPUBusyTakesTheMaximum() {
        // Two CPUs, the load on the second one only: the same requests as the load on the first.
        var first = Schedutil(table: table)
        var second = Schedutil(table: table)
        for ms in 1...300 {
            let a = first.update(nowUs: Int64(ms) * 1000) { $0 == 0 ? 0.7 : 0 }
            let b = second.update(nowUs: Int64(ms) * 1000) { $0 == 1 ? 0.7 : 0.2 }
            #expect(b >= a)
            #expect(abs(ops.firstIndex(of: a)! - ops.firstIndex(of: b)!) <= 1)
        }
    }
}

@Suite struct SchedutilL4TTests {
    let table = XavierNXTables.cpu
    let ops = XavierNXTables.cpuKHz

    @Test func continuousLoadClimbsAtMostByTheHeadroomPerStepAndReachesFMax() throws {
        // 4.9 invariance: util ≤ 1024·f/f_max, so each request is at most the lowest OPP ≥ 1.25·f (reference §3.3).
        var governor = SchedutilL4T(table: table)
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(busy: Array(repeating: 1, count: 300)))
        var highest = replay.startFrequencyKHz
        for frequency in replay.frequenciesKHz {
            #expect(frequency <= XavierNXTables.lowestAtOrAbove(ops, highest + highest / 4), "\(frequency) after \(highest)")
            highest = max(highest, frequency)
        }
        let reached = try #require(replay.frequenciesKHz.firstIndex(of: 1_907_200))
        #expect(reached < 150, "f_max at \(reached) ms")
        // The fast average makes it faster than mainline from the same start.
        var mainline = Schedutil(table: table)
        let mainlineReplay = GovernorReplay.run(&mainline, trace: BusyTrace(busy: Array(repeating: 1, count: 300)))
        #expect(reached < mainlineReplay.frequenciesKHz.firstIndex(of: 1_907_200)!)
    }

    @Test func upAndDownRateLimitsAreRespected() {
        // Updates every 250 µs over random bursts of up to 300 ms; a rise needs 500 µs since the last change,
        // a fall 2000 µs.
        var governor = SchedutilL4T(table: table)
        let trace = burstTrace(length: 20_000, seed: 11, longestBurst: 1200)
        var previous = governor.requestedFrequencyKHz
        var lastChangeUs: Int64?
        var rises = 0
        var falls = 0
        var shortestRiseUs = Int64.max
        for step in 1...20_000 {
            let frequency = governor.update(nowUs: Int64(step) * 250, busyFraction: trace[step - 1])
            guard frequency != previous, let changeUs = governor.lastChangeUs else { continue }
            if let lastChangeUs {
                let gap = changeUs - lastChangeUs
                if frequency > previous {
                    rises += 1
                    shortestRiseUs = min(shortestRiseUs, gap)
                    #expect(gap >= 500, "rise \(gap) µs after the last change")
                } else {
                    falls += 1
                    #expect(gap >= 2000, "fall \(gap) µs after the last change")
                }
            }
            lastChangeUs = changeUs
            previous = frequency
        }
        #expect(rises > 10 && falls > 10, "rises \(rises), falls \(falls)")
        #expect(shortestRiseUs < 2000, "rises are allowed sooner than falls (shortest \(shortestRiseUs) µs)")
    }

    @Test func idleDecaysSlowlyBecauseOfTheSlowAverage() {
        // After saturation the fast average empties within ~10 ms but the slow one still halves only every 33.6 ms:
        // 20 ms into idle the request still reflects util ≈ 1002·2^(−20/33.6) ≈ 0.65·1024.
        var governor = SchedutilL4T(table: table)
        let busy = Array(repeating: 1.0, count: 400) + Array(repeating: 0.0, count: 20)
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(busy: busy))
        let expectedUtil = 1002 * pow(2, -20 / 33.554)
        let expected = XavierNXTables.lowestAtOrAbove(ops, Int(1.25 * 1_907_200 * expectedUtil / 1024))
        let index = ops.firstIndex(of: replay.frequenciesKHz.last!)!
        #expect(abs(index - ops.firstIndex(of: expected)!) <= 2, "\(replay.frequenciesKHz.last!) vs \(expected)")
    }
}

/// A small deterministic generator for random traces (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Alternating busy (1) and idle (0) bursts of 1...longestBurst samples each.
func burstTrace(length: Int, seed: UInt64, longestBurst: UInt64 = 60) -> [Double] {
    var generator = SplitMix64(seed: seed)
    var trace: [Double] = []
    var busy = true
    while trace.count < length {
        trace += Array(repeating: busy ? 1 : 0, count: Int(1 + generator.next() % longestBurst))
        busy.toggle()
    }
    return Array(trace.prefix(length))
}
