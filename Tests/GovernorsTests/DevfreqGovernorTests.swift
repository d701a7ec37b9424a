import Testing
@testable import Governors

@Suite struct NvhostPodgovTests {
    let table = XavierNXTables.gpu
    let ops = XavierNXTables.gpuKHz

    @Test func fullLoadSequenceByHand() {
        // Busy 100%, polls every 28 ms, f_max/3 = 1109/3 = 369 MHz boost (rt_load 1000 > load_max 900, damp 10):
        //  28 ms: f 114 → res 483, freq_avg (0 + 483)/11 = 43,     out 483  → 510000
        //  56 ms: blocked (28 ms < 50 ms since the change)
        //  84 ms: f 510 → res 879, freq_avg (430 + 879)/11 = 119,  out 879  → 905250
        // 112 ms: blocked
        // 140 ms: f 905 → res 1274 → clamped → 1109250
        var governor = NvhostPodgov(table: table)
        let requests = GovernorReplay.run(&governor, trace: BusyTrace(busy: Array(repeating: 1, count: 200))).frequenciesKHz
        #expect(requests[..<27].allSatisfy { $0 == 114_750 })
        #expect(requests[27..<83].allSatisfy { $0 == 510_000 })
        #expect(requests[83..<139].allSatisfy { $0 == 905_250 })
        #expect(requests[139...].allSatisfy { $0 == 1_109_250 })
    }

    /// A closed loop: a fixed amount of GPU work per ms (`demandMHz` worth of cycles), so busy = demand/f.
    func settle(demandMHz: Double, milliseconds: Int = 6000) -> [(frequency: Int, busy: Double)] {
        var governor = NvhostPodgov(table: table)
        var history: [(Int, Double)] = []
        for ms in 1...milliseconds {
            let busy = min(1, demandMHz / (Double(governor.requestedFrequencyKHz) / 1000))
            governor.update(nowUs: Int64(ms) * 1000, busyFraction: busy)
            history.append((governor.requestedFrequencyKHz, busy))
        }
        return history
    }

    @Test func aimsAtSeventyPercentBusy() {
        // load_target 700‰: the fixed point of res = f + 0.8·f·(busyness − 700)/700 with busy = d/f is f* = d/0.7.
        // Requests round up to the table, so the settled operating point is the lowest one ≥ d/0.7, or the next one
        // up when rounding the damped result up overshoots it.
        for demand in [150.0, 300.0, 420.0, 600.0] {
            let tail = settle(demandMHz: demand).suffix(3000)
            let target = XavierNXTables.lowestAtOrAbove(ops, Int(demand / 0.7 * 1000))
            let targetIndex = ops.firstIndex(of: target)!
            for (frequency, busy) in tail {
                let index = ops.firstIndex(of: frequency)!
                #expect(index >= targetIndex - 1 && index <= targetIndex + 1, "demand \(demand) MHz: \(frequency) kHz, f* → \(target)")
                #expect(busy < 0.8, "demand \(demand) MHz: busy \(busy) at \(frequency)")
            }
        }
    }

    @Test func changesAreAtLeastTheBlockWindowApart() {
        var governor = NvhostPodgov(table: table)
        var lastChangeMs: Int?
        var previous = governor.requestedFrequencyKHz
        for (index, busy) in burstTrace(length: 5000, seed: 5, longestBurst: 400).enumerated() {
            let frequency = governor.update(nowUs: Int64(index + 1) * 1000, busyFraction: busy)
            guard frequency != previous else { continue }
            if let lastChangeMs { #expect(index + 1 - lastChangeMs >= 50) }
            lastChangeMs = index + 1
            previous = frequency
        }
        #expect(lastChangeMs != nil)
    }
}

@Suite struct SimpleOndemandTests {
    let table = XavierNXTables.gpu

    @Test func thresholdsAndProportionalTarget() {
        let governor = SimpleOndemand(table: table)
        // > 90% busy → max; 85–90% → keep; below → cur·busy·100/88.
        #expect(governor.targetKHz(busyUs: 27_000, totalUs: 28_000, currentKHz: 510_000) == 1_109_250)
        #expect(governor.targetKHz(busyUs: 24_500, totalUs: 28_000, currentKHz: 510_000) == 510_000)
        #expect(governor.targetKHz(busyUs: 14_000, totalUs: 28_000, currentKHz: 510_000) == 289_772)
        #expect(governor.targetKHz(busyUs: 0, totalUs: 0, currentKHz: 510_000) == 1_109_250)
    }

    @Test func replayPollsAndRoundsUp() {
        var governor = SimpleOndemand(table: table, startFrequencyKHz: 510_000)
        let requests = GovernorReplay.run(&governor, trace: BusyTrace(busy: Array(repeating: 0.5, count: 60)),
                                          startFrequencyKHz: 510_000).frequenciesKHz
        #expect(requests[..<27].allSatisfy { $0 == 510_000 })
        // 510000·0.5·100/88 = 289772 → 306000; then 306000·0.5·100/88 = 173863 → 204000.
        #expect(requests[27] == 306_000)
        #expect(requests[55] == 204_000)
    }

    @Test func settlesNearEightyEightPercentBusy() {
        // Closed loop with busy = demand/f: the request settles where busy is between 0.88·(f_low/f_high) and 0.90.
        var governor = SimpleOndemand(table: table)
        var busy = 0.0
        for ms in 1...3000 {
            busy = min(1, 400 / (Double(governor.requestedFrequencyKHz) / 1000))
            governor.update(nowUs: Int64(ms) * 1000, busyFraction: busy)
        }
        #expect(busy > 0.5 && busy <= 0.9, "settled busy \(busy) at \(governor.requestedFrequencyKHz) kHz")
    }
}
