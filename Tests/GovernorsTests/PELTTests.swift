import Foundation
import Testing
@testable import Governors

@Suite struct PELTTests {
    /// Entries of the kernel's `runnable_avg_yN_inv` (kernel/sched/sched-pelt.h).
    @Test func inverseTableMatchesTheKernel() {
        let table = PELTDecay.standard.inverseTable
        #expect(table.count == 32)
        #expect(table[0] == 0xffffffff)
        #expect(table[1] == 0xfa83b2da)
        #expect(table[16] == 0xb504f333)
        #expect(table[31] == 0x82cd8698)
    }

    /// Runs the signal from 0 continuously, updating every millisecond; returns the first time (ms) util ≥ level.
    func firstTimeMs(reaching level: Int64, decay: PELTDecay = .standard, divider: PELTSignal.Divider = .mainline,
                     stepNs: Int64 = 1_000_000) -> Double? {
        var signal = PELTSignal(decay: decay, divider: divider)
        var now: Int64 = 0
        while now < 2_000_000_000 {
            now += stepNs
            signal.advance(toNs: now, running: true)
            if signal.utilAvg >= level { return Double(now) / 1e6 }
        }
        return nil
    }

    @Test func reachesHalfIn33_6msAndEightyPercentIn78ms() throws {
        // Closed form: 32·log2(1/(1−x)) periods of 1.048576 ms.
        let halfClosed = PELTSignal.continuousRunTimeMs(toReach: 0.5)
        let eightyClosed = PELTSignal.continuousRunTimeMs(toReach: 0.8)
        #expect(abs(halfClosed - 33.55) < 0.01)
        #expect(abs(eightyClosed - 77.91) < 0.01)
        // Step by step, 1 ms updates: util_avg moves only at period boundaries, so allow one period.
        let half = try #require(firstTimeMs(reaching: 512))
        let eighty = try #require(firstTimeMs(reaching: 819))
        #expect(abs(half - halfClosed) <= 1.1, "50% at \(half) ms")
        #expect(abs(eighty - eightyClosed) <= 1.1, "80% at \(eighty) ms")
    }

    @Test func followsTheClosedFormAtEveryPeriod() {
        var signal = PELTSignal()
        for period in 1...400 {
            signal.advance(toNs: Int64(period) * PELTSignal.periodNs, running: true)
            let expected = PELTSignal.continuousRunUtil(periods: Double(period))
            #expect(abs(Double(signal.utilAvg) - expected) <= 2, "period \(period): \(signal.utilAvg) vs \(expected)")
        }
        // Saturated: LOAD_AVG_MAX makes it read full capacity, never more.
        #expect(signal.utilAvg >= 1022 && signal.utilAvg <= 1024)
    }

    @Test func decayHalvesEvery32Periods() {
        var signal = PELTSignal()
        signal.advance(toNs: 1000 * PELTSignal.periodNs, running: true)
        let start = Double(signal.utilAvg)
        for halvings in 1...4 {
            signal.advance(toNs: Int64(1000 + 32 * halvings) * PELTSignal.periodNs, running: false)
            let expected = start / pow(2, Double(halvings))
            #expect(abs(Double(signal.utilAvg) - expected) <= 2, "after \(halvings) half-lives")
        }
    }

    @Test func splittingUpdatesDoesNotChangeTheSignal() {
        // The same running span in 1 ms steps or 37 µs steps ends at the same period-boundary value.
        var coarse = PELTSignal()
        var fine = PELTSignal()
        let end = 50 * PELTSignal.periodNs
        var now: Int64 = 0
        while now < end { now = min(now + 1_000_000, end); coarse.advance(toNs: now, running: true) }
        now = 0
        while now < end { now = min(now + 37_000, end); fine.advance(toNs: now, running: true) }
        #expect(abs(coarse.utilAvg - fine.utilAvg) <= 1)
    }

    @Test func squareWaveSettlesNearItsDutyCycle() {
        // Steady state of a short square wave: u ≈ 1024·d (reference §3.2).
        var signal = PELTSignal()
        var now: Int64 = 0
        for _ in 0..<2000 {
            now += 300_000; signal.advance(toNs: now, running: true)
            now += 700_000; signal.advance(toNs: now, running: false)
        }
        #expect(abs(Double(signal.utilAvg) - 0.3 * 1024) < 15)
    }

    @Test func fastSignalHalfLifeIsThreePeriods() {
        // NVIDIA L4T 4.9 fast PELT: half-life 3 periods (3.1 ms), 80% of its ceiling after 7 periods (7.3 ms), 95%
        // after 13 (13.6 ms) (reference §3.4). With the 4.9 constant divider, at a period boundary the saturated sum
        // is 1024·y/(1 − y), so the ceiling read there is that over LOAD_AVG_FAST_MAX.
        let y = PELTDecay.factor(halfLifePeriods: 3)
        let ceiling = 1024 * 1024 * y / (1 - y) / 4959
        var signal = PELTSignal(decay: .fast, divider: .constant)
        for period in 1...40 {
            signal.advance(toNs: Int64(period) * PELTSignal.periodNs, running: true)
            let expected = ceiling * (1 - pow(y, Double(period)))
            #expect(abs(Double(signal.utilAvg) - expected) <= 2, "period \(period): \(signal.utilAvg) vs \(expected)")
            if period == 3 { #expect(abs(Double(signal.utilAvg) / ceiling - 0.5) < 0.01) }
            if period == 7 { #expect(abs(Double(signal.utilAvg) / ceiling - 0.8) < 0.01) }
            if period == 13 { #expect(abs(Double(signal.utilAvg) / ceiling - 0.95) < 0.01) }
        }
    }

    @Test func contributionScalingConvergesToTheFrequencyRatio() {
        // 4.9 invariance: running flat out at f converges to 1024·f/f_max, read at a period boundary through the
        // constant divider as 256·(LOAD_AVG_MAX − 1024)/LOAD_AVG_MAX = 250.5 for f = f_max/4.
        var signal = PELTSignal(decay: .standard, divider: .constant)
        signal.advance(toNs: 2000 * PELTSignal.periodNs, running: true, contributionScale: 256)
        let expected: Double = 256.0 * (47742.0 - 1024.0) / 47742.0
        #expect(abs(Double(signal.utilAvg) - expected) <= 1)
    }
}
