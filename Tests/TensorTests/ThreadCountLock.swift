import Synchronization
import Tensor

/// Serialises the tests that set `Threading.threadCount`, so one test's setting holds for the whole of `body`.
/// (Kernel results never depend on the thread count, which is what the other tests rely on while these run.)
private let threadCountLock = Mutex<Void>(())

func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
    try threadCountLock.withLock { _ in
        let previous = Threading.threadCount
        Threading.threadCount = count
        defer { Threading.threadCount = previous }
        return try body()
    }
}

/// Runs `body` with 1 thread and with 2 threads and returns both results.
func withOneAndTwoThreads<R>(_ body: () throws -> R) rethrows -> (one: R, two: R) {
    (try withThreadCount(1, body), try withThreadCount(2, body))
}
