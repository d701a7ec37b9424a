import ArgumentParsing
import Foundation
import Tensor

/// `tandem bench depthwise`: effective bandwidth of the depthwise kernels on MobileNetV3's depthwise layers.
enum BenchDepthwiseCommand: Command {
    /// Channels, input side and stride of the depthwise layers of OFA's MobileNetV3 (w1.0, expand ratio 6) at
    /// 224×224: one per stage and stride.
    static let layers: [(channels: Int, side: Int, stride: Int)] = [
        (96, 112, 2), (144, 56, 1), (144, 56, 2), (240, 28, 1), (240, 28, 2),
        (480, 14, 1), (672, 14, 1), (672, 14, 2), (960, 7, 1),
    ]

    static let spec = CommandSpec(
        name: "bench depthwise",
        abstract: "Effective GB/s of Kernels.depthwiseConvolution for k = 3, 5, 7 on MobileNetV3's layers.",
        discussion: """
            Effective GB/s = (input + output + kernel bytes) / best time of --repeat timed runs after warm-up, \
            with bias and h-swish fused; GFLOP/s counts 2·k² flops per output.
            """,
        options: [
            .value("threads", "N", "Threads for the kernels.", default: "\(Threading.defaultThreadCount)"),
            .value("repeat", "N", "Timed runs per layer and kernel size.", default: "30"),
            .flag("json", "Print one JSON object instead of a table."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let threads = try arguments.int("threads") ?? Threading.defaultThreadCount
        let repeats = try arguments.int("repeat") ?? 30
        guard threads >= 1 else { throw UsageError.invalidValue(option: "threads", value: "\(threads)", expected: "at least 1") }
        guard repeats >= 1 else { throw UsageError.invalidValue(option: "repeat", value: "\(repeats)", expected: "at least 1") }
        Threading.threadCount = threads

        var rows: [[String: Any]] = []
        for kernelSize in [3, 5, 7] {
            for (channels, side, stride) in layers {
                let outSide = Kernels.depthwiseOutputSize(side, stride: stride)
                let inputCount = channels * side * side
                let outputCount = channels * outSide * outSide
                let kernelCount = channels * kernelSize * kernelSize
                let input = UnsafeMutablePointer<Float>.allocate(capacity: inputCount)
                let output = UnsafeMutablePointer<Float>.allocate(capacity: outputCount)
                let kernel = UnsafeMutablePointer<Float>.allocate(capacity: kernelCount)
                let bias = UnsafeMutablePointer<Float>.allocate(capacity: channels)
                defer { input.deallocate(); output.deallocate(); kernel.deallocate(); bias.deallocate() }
                for i in 0..<inputCount { input[i] = Float(i % 23) * 0.05 - 0.5 }
                for i in 0..<kernelCount { kernel[i] = Float(i % 7) * 0.03 - 0.09 }
                for i in 0..<channels { bias[i] = 0.01 }
                let timing = KernelBenchTiming.measure(repeats: repeats) {
                    Kernels.depthwiseConvolution(input: input, channels: channels, height: side, width: side,
                                                 kernel: kernel, kernelSize: kernelSize, stride: stride,
                                                 bias: bias, activation: .hardSwish, output: output)
                }
                let bytes = Double(4 * (inputCount + outputCount + kernelCount))
                let flops = Double(2 * outputCount * kernelSize * kernelSize)
                rows.append([
                    "kernel_size": kernelSize, "stride": stride, "channels": channels, "side": side,
                    "best_ms": timing.bestSeconds * 1e3, "median_ms": timing.medianSeconds * 1e3,
                    "gb_per_s": bytes / timing.bestSeconds / 1e9, "gflops": flops / timing.bestSeconds / 1e9,
                ])
            }
        }

        if arguments.flag("json") {
            try KernelBenchTiming.printJSON(["threads": threads, "repeat": repeats, "layers": rows])
        } else {
            print("bench depthwise: \(threads) thread(s), best of \(repeats), bias + h-swish fused")
            print(" k  stride  channels × side²     GB/s   GFLOP/s   ms best / median")
            for row in rows {
                func number(_ key: String) -> Double { row[key] as? Double ?? .nan }
                func integer(_ key: String) -> Int { row[key] as? Int ?? 0 }
                print(String(format: "%2d %7d %9d × %3d² %9.1f %9.1f %9.3f / %6.3f", integer("kernel_size"),
                             integer("stride"), integer("channels"), integer("side"), number("gb_per_s"),
                             number("gflops"), number("best_ms"), number("median_ms")))
            }
        }
        return 0
    }
}
