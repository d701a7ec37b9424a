import Foundation

/// One PELT utilisation average (`struct sched_avg`'s util part), updated exactly as the kernel does
/// (`accumulate_sum` and `___update_load_avg` in `kernel/sched/pelt.c`; reference: linux-governors.md §3.2).
///
/// Time runs in 1024-ns "µs"; a period is 1024 of them (1.048576 ms). Each running µs contributes 1024 to `utilSum`
/// (or fewer when scaled for frequency invariance the 4.9 way), the sum decays by y per period, and `utilAvg` is the
/// sum divided by its saturated value, recomputed only when a period boundary is crossed.
public struct PELTSignal: Sendable {
    /// How `utilAvg` is normalised.
    public enum Divider: Sendable {
        /// Mainline (4.15+): `LOAD_AVG_MAX − 1024 + period_contrib`, so a saturated signal reads 1024.
        case mainline
        /// Linux 4.9 (and NVIDIA's L4T 4.9): the constant saturated sum (`LOAD_AVG_MAX`, or `LOAD_AVG_FAST_MAX`).
        case constant
    }

    /// SCHED_CAPACITY_SCALE: utilisation of a CPU running flat out at its highest frequency.
    public static let capacityScale: Int64 = 1024
    /// The PELT period in nanoseconds: 1024 units of 1024 ns.
    public static let periodNs: Int64 = 1024 * 1024

    public let decay: PELTDecay
    public let divider: Divider
    /// The decayed sum of running contributions (`util_sum`).
    public private(set) var utilSum: Int64 = 0
    /// 1024-ns units already accumulated in the current period, 0..<1024 (`period_contrib`).
    public private(set) var periodContrib: Int64 = 0
    /// The time (ns, on this signal's clock) up to which the signal has been updated (`last_update_time`).
    public private(set) var lastUpdateNs: Int64
    /// The average, 0...1024 (`util_avg`).
    public private(set) var utilAvg: Int64 = 0

    public init(decay: PELTDecay = .standard, divider: Divider = .mainline, startNs: Int64 = 0) {
        self.decay = decay
        self.divider = divider
        self.lastUpdateNs = startNs
    }

    /// Advances the signal to `nowNs`. `running` says whether the CPU ran a task over the whole span;
    /// `contributionScale` (0...1024) scales running contributions, the 4.9 form of frequency invariance
    /// (`cap_scale(contrib, f_cur/f_max)`; 1024 = no scaling). Returns whether a period boundary was crossed.
    @discardableResult
    public mutating func advance(toNs nowNs: Int64, running: Bool, contributionScale: Int64 = 1024) -> Bool {
        // Step 1: whole 1024-ns units since the last update; the remainder is kept for next time.
        let delta = (nowNs - lastUpdateNs) >> 10
        if delta <= 0 { return false }
        lastUpdateNs += delta << 10

        // Steps 3–5: periods crossed, decay, and the new contribution.
        var contribution = delta
        let total = delta + periodContrib
        let periods = total / 1024
        if periods > 0 {
            utilSum = decay.decay(utilSum, periods: periods)
            let d3 = total % 1024
            contribution = decay.accumulatedSegments(periods: periods, d1: 1024 - periodContrib, d3: d3)
            periodContrib = d3
        } else {
            periodContrib = total
        }
        // Step 6: running time adds to the sum, scaled to capacity (<< SCHED_CAPACITY_SHIFT).
        if running {
            utilSum += ((contribution * contributionScale) >> 10) << 10
        }
        // Step 7: the average moves only at period boundaries.
        if periods > 0 {
            let divisor: Int64
            switch divider {
            case .mainline: divisor = decay.maxSum - 1024 + periodContrib
            case .constant: divisor = decay.maxSum
            }
            utilAvg = utilSum / divisor
        }
        return periods > 0
    }

    /// Closed form from 0 under continuous running at full scale: 1024·(1 − y^n) after `periods` periods.
    public static func continuousRunUtil(periods: Double, halfLifePeriods: Int = 32) -> Double {
        Double(capacityScale) * (1 - pow(PELTDecay.factor(halfLifePeriods: halfLifePeriods), periods))
    }

    /// Closed form: how long (ms) from 0 under continuous running until util reaches `fraction` of capacity:
    /// halfLife·log2(1/(1 − fraction)) periods of 1.048576 ms.
    public static func continuousRunTimeMs(toReach fraction: Double, halfLifePeriods: Int = 32) -> Double {
        Double(halfLifePeriods) * log2(1 / (1 - fraction)) * Double(periodNs) / 1_000_000
    }
}
