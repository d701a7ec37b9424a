import ArgumentParsing
import Foundation
import OFA
import Tensor

/// `tandem bench infer`: batch-1 latency of one sub-network on this machine, and the cost of a switch.
enum BenchInferCommand: Command {
    static let spec = CommandSpec(
        name: "bench infer",
        abstract: "Measure batch-1 inference latency of an OFA sub-network and the sub-network switch cost.",
        discussion: """
            Runs the sub-network `--repeat` times after a warm-up and reports the median and 90th-percentile \
            latency; the switch cost is the mean time of `activate` alternating between this sub-network and the \
            smallest one at the same resolution. Without --weights the spec's synthetic weights are used \
            (latency does not depend on the values).
            """,
        options: [
            .value("width", "1.0|1.2", "Supernet width multiplier (ignored with --weights).", default: "1.0"),
            .value("subnet", "CFG", "Sub-network: a JSON file, max, min, max@224, min@160, ks5/e4/d3@192 …",
                   required: true),
            .value("weights", "W.h5", "Supernet weights (HDF5); default: synthetic weights."),
            .value("threads", "N", "Threads for the kernels and OpenBLAS.", default: "2"),
            .value("repeat", "N", "Timed inferences.", default: "50"),
            .flag("json", "Print one JSON object {median_ms, p90_ms, min_ms, switch_us, …}."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let threads = try arguments.int("threads") ?? 2
        let repeats = try arguments.int("repeat") ?? 50
        guard threads >= 1 else { throw UsageError.invalidValue(option: "threads", value: "\(threads)", expected: "at least 1") }
        guard repeats >= 1 else { throw UsageError.invalidValue(option: "repeat", value: "\(repeats)", expected: "at least 1") }
        let config = try SubnetConfig.load(try arguments.required("subnet"))
        let weights = try InferCommand.loadWeights(arguments)
        // The engine parallelises every layer itself; OpenBLAS stays on the calling thread (its spinning pool
        // would compete with the engine's threads on a few cores).
        Threading.threadCount = 1
        let engine = try SupernetEngine(weights: weights, maxResolution: config.r, config: config, threadCount: threads)
        let image = [Float](repeating: 0.5, count: 3 * config.r * config.r)
        var logits = [Float](repeating: 0, count: weights.architecture.classCount)
        var timesMs: [Double] = []
        timesMs.reserveCapacity(repeats)
        image.withUnsafeBufferPointer { input in
            logits.withUnsafeMutableBufferPointer { output in
                guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return }
                for _ in 0..<max(3, repeats / 10) { engine.infer(input: inBase, batch: 1, logits: outBase) }
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    engine.infer(input: inBase, batch: 1, logits: outBase)
                    timesMs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
            }
        }
        timesMs.sort()
        let median = timesMs[timesMs.count / 2]
        let p90 = timesMs[min(timesMs.count - 1, Int((Double(timesMs.count) * 0.9).rounded(.up)) - 1)]

        let other = try SubnetConfig.uniform(kernelSize: 3, expandRatio: 3, depth: 2, resolution: config.r)
        let switches = 10_000
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<switches { try engine.activate(index % 2 == 0 ? other : config) }
        let switchUs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(switches)

        let complexity = weights.architecture.complexity(of: config)
        if arguments.flag("json") {
            let object: [String: Any] = [
                "median_ms": median, "p90_ms": p90, "min_ms": timesMs[0], "switch_us": switchUs, "threads": threads, "repeat": repeats,
                "width": weights.architecture.width.rawValue, "resolution": config.r, "macs": complexity.macs,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("w\(weights.architecture.width.rawValue) \(config) (\(String(format: "%.2f", complexity.megaMACs)) M MACs), \(threads) threads, \(repeats) runs")
            print(String(format: "median %.3f ms, p90 %.3f ms, min %.3f ms, switch %.3f µs", median, p90, timesMs[0],
                         switchUs))
        }
        return 0
    }
}
