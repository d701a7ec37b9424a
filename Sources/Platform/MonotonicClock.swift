import Glibc

/// Seconds on CLOCK_MONOTONIC, for turning energy counters into power. Injectable so tests can set the time.
public struct MonotonicClock: Sendable {
    public let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    public static let system = MonotonicClock {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
