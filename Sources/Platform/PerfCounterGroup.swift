import Glibc

/// Counter values read at one moment, scaled for multiplexing (value × time_enabled / time_running).
public struct PerfReading: Sendable, Equatable {
    public var values: [PerfEvent: UInt64]
    public var timeEnabledNs: UInt64
    public var timeRunningNs: UInt64
}

/// Hardware and software event counts. Real implementation: `PerfCounterGroup` (perf_event_open).
public protocol PerformanceCounters {
    /// The events that are counting.
    var events: [PerfEvent] { get }
    /// Events this kernel/VM refused, with the reason (the errno), e.g. hardware events in a VM.
    var unavailable: [PerfEvent: String] { get }
    /// Current totals since the group was opened.
    func read() throws(PerfError) -> PerfReading
}

/// The requested events opened as one perf group (one `read` returns all of them at the same instant).
/// Events the kernel refuses are left out and listed in `unavailable`; the group fails only when none opens.
/// Counting starts at `init` and stops at `close()`/deinit.
public final class PerfCounterGroup: PerformanceCounters {
    public let scope: PerfScope
    public private(set) var events: [PerfEvent] = []
    public private(set) var unavailable: [PerfEvent: String] = [:]
    private var descriptors: [Int32] = []

    /// Opens `requested` for `scope`. With `excludeKernel` the counts cover user space only (needed when
    /// `perf_event_paranoid` ≥ 2 for unprivileged users); if an event is refused with EACCES it is retried that way.
    public init(_ requested: [PerfEvent] = PerfEvent.allCases, scope: PerfScope = .callingThread,
                excludeKernel: Bool = false) throws(PerfError) {
        self.scope = scope
        if let reason = PerfEventSyscall.unavailableReason {
            throw .noEventAvailable(reasons: [reason])
        }
        for event in requested {
            let leader = descriptors.first ?? -1
            var result = PerfEventSyscall.open(event, scope: scope, groupFD: leader, excludeKernel: excludeKernel)
            if case .failure(.unavailable(_, let code)) = result, code == EACCES || code == EPERM, !excludeKernel {
                result = PerfEventSyscall.open(event, scope: scope, groupFD: leader, excludeKernel: true)
            }
            switch result {
            case .success(let descriptor):
                descriptors.append(descriptor)
                events.append(event)
            case .failure(let error):
                unavailable[event] = error.description
            }
        }
        if descriptors.isEmpty {
            throw .noEventAvailable(reasons: requested.compactMap { unavailable[$0] })
        }
    }

    deinit { close() }

    /// Stops counting and releases the descriptors (idempotent).
    public func close() {
        for descriptor in descriptors { Glibc.close(descriptor) }
        descriptors = []
    }

    public func read() throws(PerfError) -> PerfReading {
        guard let leader = descriptors.first else { throw .readFailed(errno: EBADF) }
        // PERF_FORMAT_GROUP | TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING: { nr, time_enabled, time_running, value[nr] }.
        var buffer = [UInt64](repeating: 0, count: 3 + events.count)
        let byteCount = buffer.count * MemoryLayout<UInt64>.size
        let count = buffer.withUnsafeMutableBytes { Glibc.read(leader, $0.baseAddress, byteCount) }
        guard count == byteCount, buffer[0] == UInt64(events.count) else {
            throw .readFailed(errno: count < 0 ? Glibc.errno : EIO)
        }
        let enabled = buffer[1]
        let running = buffer[2]
        var values: [PerfEvent: UInt64] = [:]
        for (index, event) in events.enumerated() {
            let raw = buffer[3 + index]
            // Scale only when multiplexed; running == 0 means the group never got a counter slot.
            if running > 0, running < enabled {
                values[event] = UInt64(Double(raw) * Double(enabled) / Double(running))
            } else {
                values[event] = raw
            }
        }
        return PerfReading(values: values, timeEnabledNs: enabled, timeRunningNs: running)
    }

    /// Which of `events` this kernel offers for `scope`: each event opened on its own, then closed.
    public static func probe(_ events: [PerfEvent] = PerfEvent.allCases, scope: PerfScope = .callingThread)
        -> [PerfEvent: Result<Void, PerfError>]
    {
        var result: [PerfEvent: Result<Void, PerfError>] = [:]
        for event in events {
            if let reason = PerfEventSyscall.unavailableReason {
                _ = reason
                result[event] = .failure(.unavailable(event: event, errno: ENOSYS))
                continue
            }
            switch PerfEventSyscall.open(event, scope: scope, groupFD: -1, excludeKernel: false) {
            case .success(let descriptor):
                Glibc.close(descriptor)
                result[event] = .success(())
            case .failure(let error):
                if case .unavailable(_, let code) = error, code == EACCES || code == EPERM,
                   case .success(let descriptor) = PerfEventSyscall.open(event, scope: scope, groupFD: -1, excludeKernel: true)
                {
                    Glibc.close(descriptor)
                    result[event] = .success(())
                } else {
                    result[event] = .failure(error)
                }
            }
        }
        return result
    }
}
