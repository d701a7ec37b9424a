import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Which clock a latency is measured with.
///
/// * `wall`: elapsed time (`DispatchTime`, monotonic), the latency a user sees; on a machine shared with other
///   busy processes it includes the time the scheduler gives to them.
/// * `cpu`: CPU time of the whole process (`CLOCK_PROCESS_CPUTIME_ID`, every thread): with one compute thread it is
///   the latency the same work has on an otherwise idle machine, unaffected by time slices given to others; with
///   n threads it is the sum over the threads (about n × the wall latency when they scale).
public enum LatencyClock: String, Sendable, CaseIterable, Codable {
    case wall
    case cpu

    /// The clock's current reading in nanoseconds (only differences are meaningful).
    @inline(__always)
    public func nowNs() -> UInt64 {
        switch self {
        case .wall:
            return DispatchTime.now().uptimeNanoseconds
        case .cpu:
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }
    }
}
