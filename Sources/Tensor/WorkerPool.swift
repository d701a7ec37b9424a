import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A few persistent worker threads that share the parts of one kernel call with the calling thread.
///
/// Kernels on MobileNetV3's layers take 30–500 µs, about what it takes to wake a sleeping thread: with
/// `DispatchQueue.concurrentPerform` the second thread often arrived after the caller had done all the work
/// (2-thread GEMM at 1-thread speed unless the same call was repeated hundreds of times). Here idle workers poll
/// for `spinDuration` before they sleep, so back-to-back layers find them awake.
///
/// Parts are claimed, not assigned: the caller and the workers take the next unclaimed part until none is left,
/// so a worker that is late (asleep, or preempted on a busy machine) simply finds nothing to do and the caller
/// never waits for a part nobody has started. One job at a time: a caller that finds the pool busy (another
/// thread's kernel, or a kernel called from inside a part) runs its parts itself. Results never depend on which
/// thread runs which part.
public final class WorkerPool: @unchecked Sendable {
    /// How long an idle worker keeps polling for the next job before it sleeps: long enough to bridge the gaps
    /// between the layers of one inference, short enough not to burn a core (and energy) between frames.
    static let spinDuration: Duration = .milliseconds(1)

    let workerCount: Int
    /// The current job and its claims, packed so that one compare-and-swap claims a part of a known job:
    /// generation << 16 | part count << 8 | next unclaimed part.
    private let claims = Atomic<Int>(0)
    /// Parts of the current job that have finished.
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let exiting = Atomic<Bool>(false)
    /// Bit `w` set while worker `w` is (about to be) asleep on `wakeUps[w]`.
    private let sleeping = Atomic<Int>(0)
    private let wakeUps: [DispatchSemaphore]
    /// The job's body: written before the job is published (release) and read only by a thread that has claimed
    /// one of its parts (acquire); the submitter waits for every part before it clears or replaces it.
    /// A plain optional function (not wrapped in a generic box, whose storage would need a heap-allocated
    /// reabstraction thunk per job: an allocation per kernel call).
    nonisolated(unsafe) private var job: ((Int, Int) -> Void)?

    public init(workerCount: Int) {
        precondition(workerCount >= 1 && workerCount < 64, "WorkerPool: 1 to 63 workers")
        self.workerCount = workerCount
        wakeUps = (0..<workerCount).map { _ in DispatchSemaphore(value: 0) }
        for worker in 0..<workerCount {
            NamedThread.start(name: "tandem.kernels.\(worker + 1)") { [self] in self.workerLoop(worker) }
        }
    }

    /// Runs `body(part, parts)` for every part in `0..<parts` (at most 255), returning when all have finished.
    public func run(parts: Int, _ body: (Int, Int) -> Void) {
        precondition(parts >= 1 && parts < 256, "WorkerPool: 1 to 255 parts")
        guard parts > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for part in 0..<parts { body(part, parts) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            finished.store(0, ordering: .relaxed)
            let generation = (claims.load(ordering: .relaxed) >> 16) + 1
            claims.store(generation << 16 | parts << 8, ordering: .sequentiallyConsistent)
            wakeSleepers()
            while let part = claim(generation: generation) {
                escapable(part, parts)
                finished.add(1, ordering: .releasing)
            }
            var polls = 0
            while finished.load(ordering: .acquiring) < parts {
                polls += 1
                if polls % 4096 == 0 { sched_yield() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Stops the workers (used when the thread count changes) once the pool is free; the pool then stays busy,
    /// so a caller still holding it runs its parts itself.
    func shutDown() {
        while !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged { sched_yield() }
        exiting.store(true, ordering: .relaxed)
        let generation = (claims.load(ordering: .relaxed) >> 16) + 1
        claims.store(generation << 16, ordering: .sequentiallyConsistent)
        wakeSleepers()
    }

    /// Claims the next part of job `generation`, or nil when that job has no unclaimed part (or is over).
    private func claim(generation: Int) -> Int? {
        var current = claims.load(ordering: .acquiring)
        while true {
            let (jobGeneration, parts, next) = (current >> 16, (current >> 8) & 0xFF, current & 0xFF)
            guard jobGeneration == generation, next < parts else { return nil }
            let (exchanged, original) = claims.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return next }
            current = original
        }
    }

    /// Runs a claimed part of the current job. A function of its own so that the worker's reference to the body
    /// is gone before the part is reported finished (the submitter's `withoutActuallyEscaping` checks that).
    @inline(never)
    private func runClaimed(_ part: Int) {
        guard let job else { return }
        job(part, (claims.load(ordering: .relaxed) >> 8) & 0xFF)
    }

    private func wakeSleepers() {
        let asleep = sleeping.exchange(0, ordering: .sequentiallyConsistent)
        for worker in 0..<workerCount where asleep & (1 << worker) != 0 { wakeUps[worker].signal() }
    }

    private func workerLoop(_ worker: Int) {
        var seen = 0
        let clock = ContinuousClock()
        while true {
            var idleSince = clock.now
            var polls = 0
            while claims.load(ordering: .sequentiallyConsistent) >> 16 == seen {
                polls += 1
                if polls % 64 != 0 || clock.now - idleSince < Self.spinDuration { continue }
                // Announce the sleep, then look once more: a job posted in between is either seen here or its
                // submitter sees the bit and signals (both sides sequentially consistent). A signal that arrives
                // after this worker saw the job is consumed by a later wait, which then just polls again.
                sleeping.bitwiseOr(1 << worker, ordering: .sequentiallyConsistent)
                if claims.load(ordering: .sequentiallyConsistent) >> 16 == seen { wakeUps[worker].wait() }
                sleeping.bitwiseAnd(~(1 << worker), ordering: .sequentiallyConsistent)
                idleSince = clock.now
            }
            if exiting.load(ordering: .relaxed) { return }
            seen = claims.load(ordering: .acquiring) >> 16
            while let part = claim(generation: seen) {
                runClaimed(part)
                finished.add(1, ordering: .releasing)
            }
        }
    }
}
