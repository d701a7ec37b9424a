import Glibc
import Synchronization

/// How `ControllerLoop.run` waits for its next period and learns that it must stop.
public protocol LoopPacer: AnyObject {
    /// Waits until CLOCK_MONOTONIC reaches `deadlineNs` (at once if it has passed). Returns `false` when the loop
    /// must stop instead; the loop then restores the board on its normal path.
    func wait(untilNs deadlineNs: UInt64) -> Bool
}

/// For applications that embed the controller: sleeps until each deadline; `stop()` (from any thread) ends the loop
/// at its next wait (within one period).
public final class SleepPacer: LoopPacer, Sendable {
    private let stopped = Atomic<Bool>(false)

    public init() {}

    public func stop() { stopped.store(true, ordering: .releasing) }

    public func wait(untilNs deadlineNs: UInt64) -> Bool {
        if stopped.load(ordering: .acquiring) { return false }
        var deadline = timespec(tv_sec: Int(deadlineNs / 1_000_000_000), tv_nsec: Int(deadlineNs % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
        return !stopped.load(ordering: .acquiring)
    }
}

/// For the daemon: SIGINT and SIGTERM are blocked in every thread (`blockTerminationSignals()` must run first thing
/// in `main`, before any thread exists, so all threads inherit the mask) and collected synchronously with
/// `sigtimedwait` while waiting for the next period. No signal handler runs, so the board is restored by ordinary
/// code after the loop returns, never from a handler.
public final class SignalPacer: LoopPacer {
    /// The signal that stopped the loop, if one did.
    public private(set) var receivedSignal: Int32?

    public init() {}

    /// Blocks SIGINT and SIGTERM for the calling thread and every thread it creates later.
    public static func blockTerminationSignals() {
        var set = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private static func terminationSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    public func wait(untilNs deadlineNs: UInt64) -> Bool {
        var set = Self.terminationSignals()
        while true {
            let now = ControllerClock.monotonicNs()
            let remaining = deadlineNs > now ? deadlineNs - now : 0
            var timeout = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal > 0 {
                receivedSignal = signal
                return false
            }
            if errno == EINTR { continue }
            return true  // EAGAIN: the deadline came with no signal pending
        }
    }
}
