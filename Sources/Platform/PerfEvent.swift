/// The counters Tandem asks `perf_event_open` for, with their (type, config) pairs from linux/perf_event.h.
public enum PerfEvent: String, CaseIterable, Sendable, Codable {
    case cycles
    case instructions
    case cacheReferences = "cache-references"
    case cacheMisses = "cache-misses"
    case branchMisses = "branch-misses"
    case taskClock = "task-clock"
    case contextSwitches = "context-switches"

    /// PERF_TYPE_HARDWARE (0) or PERF_TYPE_SOFTWARE (1).
    public var type: UInt32 {
        switch self {
        case .cycles, .instructions, .cacheReferences, .cacheMisses, .branchMisses: 0
        case .taskClock, .contextSwitches: 1
        }
    }

    /// PERF_COUNT_HW_CPU_CYCLES 0, INSTRUCTIONS 1, CACHE_REFERENCES 2, CACHE_MISSES 3, BRANCH_MISSES 5;
    /// PERF_COUNT_SW_TASK_CLOCK 1, CONTEXT_SWITCHES 3.
    public var config: UInt64 {
        switch self {
        case .cycles: 0
        case .instructions: 1
        case .cacheReferences: 2
        case .cacheMisses: 3
        case .branchMisses: 5
        case .taskClock: 1
        case .contextSwitches: 3
        }
    }

    public var isHardware: Bool { type == 0 }
}

/// Whom the counters watch: one thread (0 = the calling thread) on any CPU, or everything on one CPU.
public enum PerfScope: Sendable, Equatable {
    case thread(tid: Int32)
    case cpu(Int32)

    public static let callingThread = PerfScope.thread(tid: 0)

    var pid: Int32 {
        switch self {
        case .thread(let tid): tid
        case .cpu: -1
        }
    }

    var cpu: Int32 {
        switch self {
        case .thread: -1
        case .cpu(let cpu): cpu
        }
    }
}
