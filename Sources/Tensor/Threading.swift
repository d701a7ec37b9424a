import CBLAS
import Dispatch
import Synchronization

/// The number of threads the numeric code may use: OpenBLAS and the hand-written kernels alike. Default 2.
///
/// The hand-written kernels split their work (over channels, or over spatial columns for GEMM-shaped work)
/// into `threadCount` parts with `DispatchQueue.concurrentPerform` when the work is large enough to repay the
/// hand-off; below that they run on the calling thread. Reading and writing are safe from any thread.
public enum Threading {
    /// The default thread count (the target boards run batch-1 inference on two cores).
    public static let defaultThreadCount = 2

    /// Work smaller than this (in floating-point operations) runs on one thread: a concurrentPerform hand-off
    /// costs a few microseconds, which is about what 0.3 MFLOP take on one core.
    static let minimumFlopsPerThread = 300_000

    private static let state: Mutex<Int> = {
        openblas_set_num_threads(Int32(defaultThreadCount))
        return Mutex(defaultThreadCount)
    }()

    /// Threads used by OpenBLAS and the kernels; at least 1 (smaller values are raised to 1).
    public static var threadCount: Int {
        get { state.withLock { $0 } }
        set {
            let count = max(1, newValue)
            state.withLock { current in
                current = count
                openblas_set_num_threads(Int32(count))
            }
        }
    }

    /// Runs `body(part, partCount)` for `partCount` parts concurrently, where `partCount` is `threadCount`
    /// limited by `maximumParts` and by `flops / minimumFlopsPerThread`; one part runs inline.
    static func forEachPart(maximumParts: Int, flops: Int, _ body: (_ part: Int, _ partCount: Int) -> Void) {
        let byWork = max(1, flops / minimumFlopsPerThread)
        let parts = max(1, min(threadCount, maximumParts, byWork))
        if parts == 1 {
            body(0, 1)
        } else {
            // The kernels hand each part a disjoint slice of their output, and concurrentPerform returns only
            // when every part has finished, so sharing the non-Sendable closure (and the pointers it holds) is safe.
            withoutActuallyEscaping(body) { escapable in
                let shared = UncheckedSendable(value: escapable)
                DispatchQueue.concurrentPerform(iterations: parts) { part in shared.value(part, parts) }
            }
        }
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
