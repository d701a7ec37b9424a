import Synchronization

/// The message of the most recent failed `tandem_*` call in this process (`tandem_last_error` reads it).
///
/// One slot for the process, not per thread: read it right after the failing call, from the thread that made it.
/// (A handle must not be used from two threads at once anyway; see `HandleRegistry`.)
enum LastError {
    private static let message = Mutex<String>("")

    /// Records `text` and returns `status`, so that shims can `return LastError.fail(.invalidArgument, "…")`.
    static func fail(_ status: TandemStatus, _ text: String) -> Int32 {
        message.withLock { $0 = text }
        return status.rawValue
    }

    /// Records `text` (for functions that return a pointer and signal failure with NULL).
    static func record(_ text: String) {
        message.withLock { $0 = text }
    }

    static var current: String { message.withLock { $0 } }
}
