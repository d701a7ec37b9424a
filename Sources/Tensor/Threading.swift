import CBLAS
import Synchronization

/// The number of threads the numeric code may use: OpenBLAS and the hand-written kernels alike. Default 2.
///
/// The kernels split their work (over channels, or over blocks of a GEMM) into parts when it is large enough to
/// repay the hand-off: the calling thread and a `WorkerPool` of `threadCount − 1` persistent threads claim the parts
/// one by one; below that they run on the calling thread. OpenBLAS itself is kept at one thread per call.
/// Reading and writing are safe from any thread.
public enum Threading {
    /// The default thread count (the target boards run batch-1 inference on two cores).
    public static let defaultThreadCount = 2

    /// Work smaller than this (in floating-point operations) runs on one thread: a hand-off to an awake worker
    /// costs a few microseconds, which is about what 0.3 MFLOP take on one core.
    static let minimumFlopsPerThread = 300_000

    /// OpenBLAS itself runs one thread per call: `Kernels.gemm` splits the product over `threadCount` threads
    /// (measured faster on the network's shapes), and sgemm calls from those threads must not fan out again.
    private static let state: Mutex<(count: Int, pool: WorkerPool?)> = {
        openblas_set_num_threads(1)
        return Mutex((defaultThreadCount, nil))
    }()

    /// Threads the kernels (GEMM included) use, 1 to 64 (values outside are clamped).
    public static var threadCount: Int {
        get { state.withLock { $0.count } }
        set {
            let count = min(64, max(1, newValue))
            let retired: WorkerPool? = state.withLock { current in
                guard current.count != count else { return nil }
                let old = current.pool
                current = (count, nil)
                openblas_set_num_threads(1)
                return old
            }
            retired?.shutDown()
        }
    }

    /// The thread count and the worker pool that serves it (created on first use).
    private static func currentPool() -> (count: Int, pool: WorkerPool?) {
        state.withLock { current in
            if current.count > 1 && current.pool == nil { current.pool = WorkerPool(workerCount: current.count - 1) }
            return current
        }
    }

    /// Up to this many parts per thread, so that a thread that starts late (woken, or preempted on a busy
    /// machine) still finds parts left to take: the parts are claimed one by one (see `WorkerPool`).
    static let partsPerThread = 4

    /// Runs `body(part, partCount)` for every part of `0..<partCount`, spread over the threads. `partCount` is
    /// `partsPerThread × threadCount` limited by `maximumParts` and by `flops / minimumFlopsPerThread`; with one
    /// thread, or little work, it is 1 and `body` runs inline. The parts must write disjoint outputs; results must
    /// not depend on `partCount` (the kernels cut their work into fixed blocks for that).
    static func forEachPart(maximumParts: Int, flops: Int, _ body: (_ part: Int, _ partCount: Int) -> Void) {
        let byWork = max(1, flops / minimumFlopsPerThread)
        let wanted = min(maximumParts, byWork)
        guard wanted > 1 else { return body(0, 1) }
        let (count, pool) = currentPool()
        guard count > 1, let pool else { return body(0, 1) }
        // `run` returns only when every part is done, so sharing the non-Sendable closure (and the pointers it
        // holds) with the workers is safe.
        pool.run(parts: min(wanted, count * partsPerThread, 255), body)
    }

    /// The `part`-th of `partCount` near-equal slices of `0..<count`, with slice boundaries on multiples of
    /// `alignment` (so SIMD loops see whole vectors) except at the end.
    static func slice(_ count: Int, part: Int, of partCount: Int, alignment: Int = 1) -> Range<Int> {
        let units = (count + alignment - 1) / alignment
        let start = min(count, (units * part / partCount) * alignment)
        let end = min(count, (units * (part + 1) / partCount) * alignment)
        return start..<end
    }
}

/// Carries a value whose concurrent use the code around it makes safe (see `Threading.forEachPart`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
