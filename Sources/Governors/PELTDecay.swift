import Foundation

/// The geometric decay of a PELT average: y per 1024-µs period with y^halfLife = 1/2, applied the kernel's way
/// (`decay_load` in `kernel/sched/pelt.c`): a right shift per whole half-life and a 32-bit fixed-point factor
/// y^n from an inverse table for the rest.
public struct PELTDecay: Sendable {
    /// Periods per halving (`LOAD_AVG_PERIOD`).
    public let halfLifePeriods: Int
    /// The saturated sum 1024·Σ y^n, truncated as the kernel's table generator does (`LOAD_AVG_MAX`).
    public let maxSum: Int64
    /// floor((2^32 − 1)·y^n) for n in 0..<halfLifePeriods (`runnable_avg_yN_inv`).
    let inverseTable: [UInt64]

    init(halfLifePeriods: Int, maxSum: Int64) {
        self.halfLifePeriods = halfLifePeriods
        self.maxSum = maxSum
        let y = PELTDecay.factor(halfLifePeriods: halfLifePeriods)
        // Same arithmetic as Documentation/scheduler/sched-pelt.c: x = ((1UL<<32)-1)*pow(y, i), truncated.
        inverseTable = (0..<halfLifePeriods).map { UInt64(Double(UInt32.max) * pow(y, Double($0))) }
    }

    /// Mainline PELT: y^32 = 1/2, `LOAD_AVG_MAX` = 47742 (kernel/sched/sched-pelt.h).
    public static let standard = PELTDecay(halfLifePeriods: 32, maxSum: 47742)
    /// NVIDIA's L4T 4.9 "fast" PELT: y^3 = 1/2, `LOAD_AVG_FAST_MAX` = 4959 (OE4T/linux-tegra-4.9 kernel/sched/fair.c).
    public static let fast = PELTDecay(halfLifePeriods: 3, maxSum: 4959)

    /// y = 2^(−1/halfLife) as a real number, for closed forms.
    public static func factor(halfLifePeriods: Int) -> Double { pow(2, -1 / Double(halfLifePeriods)) }

    /// `decay_load(value, n)`: value·y^n; zero beyond 63 half-lives, where the shift would empty any 64-bit value.
    @inline(__always)
    func decay(_ value: Int64, periods: Int64) -> Int64 {
        if periods > Int64(halfLifePeriods) * 63 { return 0 }
        var result = UInt64(value)
        var remaining = periods
        if remaining >= Int64(halfLifePeriods) {
            result >>= UInt64(remaining / Int64(halfLifePeriods))
            remaining %= Int64(halfLifePeriods)
        }
        // mul_u64_u32_shr(value, y^n·2^32, 32); PELT sums stay below 2^32, so the product fits 64 bits.
        return Int64((result &* inverseTable[Int(remaining)]) >> 32)
    }

    /// `__accumulate_pelt_segments`: the contribution of d1 (end of the old period, decayed p times), the p − 1
    /// full periods in between, and d3 (the start of the current period, undecayed).
    @inline(__always)
    func accumulatedSegments(periods: Int64, d1: Int64, d3: Int64) -> Int64 {
        let c1 = decay(d1, periods: periods)
        let c2 = maxSum - decay(maxSum, periods: periods) - 1024
        return c1 + c2 + d3
    }
}
