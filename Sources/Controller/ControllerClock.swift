import Glibc

/// The two clocks the controller uses: monotonic for periods and latencies, realtime for published timestamps.
public enum ControllerClock {
    /// CLOCK_MONOTONIC in nanoseconds.
    @inline(__always)
    public static func monotonicNs() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// CLOCK_REALTIME in seconds since the Unix epoch.
    public static func realtimeS() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
