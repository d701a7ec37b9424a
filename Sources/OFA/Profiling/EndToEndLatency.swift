import Dispatch
import Tensor

/// Batch-1 end-to-end latency of sub-networks on the real engine, measured the way `tandem bench infer` does
/// (activate, warm-up inferences, then individually timed inferences), over several passes through the list so
/// that slow drift of a shared machine spreads over every net instead of biasing the last ones.
public enum EndToEndLatency {
    /// Per-config statistics of `passes` × `repeatCount` timed inferences, in the order of `configs`, on `clock`
    /// and, for the same runs, on the wall clock.
    public static func measure(configs: [SubnetConfig], weights: SupernetWeights, warmupCount: Int, repeatCount: Int,
                               passes: Int, threads: Int, clock: LatencyClock = .wall,
                               progress: (Int, Int) -> Void = { _, _ in })
        throws(SupernetEngineError) -> (clock: [LatencyStatistics], wall: [LatencyStatistics])
    {
        guard let maxResolution = configs.map(\.r).max() else { return ([], []) }
        // As `tandem bench infer`: the engine's kernels on `threads` threads, OpenBLAS single-threaded.
        let savedThreads = Threading.threadCount
        Threading.threadCount = 1
        defer { Threading.threadCount = savedThreads }
        let engine = try SupernetEngine(weights: weights, maxResolution: maxResolution, config: configs[0],
                                        threadCount: threads)
        let image = SyntheticWeights.image(resolution: maxResolution)
        var logits = [Float](repeating: 0, count: weights.architecture.classCount)
        var samples = [[Double]](repeating: [], count: configs.count)
        var wallSamples = [[Double]](repeating: [], count: configs.count)
        var step = 0
        for _ in 0..<max(1, passes) {
            for (index, config) in configs.enumerated() {
                try engine.activate(config)
                image.withUnsafeBufferPointer { input in
                    logits.withUnsafeMutableBufferPointer { output in
                        guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return }
                        for _ in 0..<warmupCount { engine.infer(input: inBase, batch: 1, logits: outBase) }
                        for _ in 0..<repeatCount {
                            let wallStart = DispatchTime.now().uptimeNanoseconds
                            let start = clock.nowNs()
                            engine.infer(input: inBase, batch: 1, logits: outBase)
                            samples[index].append(Double(clock.nowNs() - start) / 1e6)
                            wallSamples[index].append(Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e6)
                        }
                    }
                }
                step += 1
                progress(step, configs.count * max(1, passes))
            }
        }
        return (samples.map { LatencyStatistics(samplesMs: $0) }, wallSamples.map { LatencyStatistics(samplesMs: $0) })
    }
}
