import ArgumentParsing
import CBLAS
import Foundation
import Tensor

/// `tandem bench gemm`: GFLOP/s of the pointwise-convolution GEMMs of MobileNetV3 at 224×224, batch 1.
enum BenchGemmCommand: Command {
    /// M × K × N (output channels × input channels × H·W) of MobileNetV3's pointwise layers at 224×224,
    /// as listed in ../shared/reference/performance-baselines.md.
    static let shapes: [(m: Int, k: Int, n: Int)] = [
        (96, 16, 12544), (144, 24, 3136), (24, 144, 3136), (240, 40, 784), (40, 240, 784),
        (480, 80, 196), (672, 112, 196), (960, 160, 49), (160, 960, 49),
    ]

    static let spec = CommandSpec(
        name: "bench gemm",
        abstract: "GFLOP/s of Kernels.gemm and the 1×1 convolution on MobileNetV3's pointwise shapes.",
        discussion: """
            C[M×N] = A[M×K]·B[K×N] row-major, N = H·W of the layer; GFLOP/s = 2·M·N·K / best time of --repeat timed \
            runs after warm-up. Columns: `gemm` is Kernels.gemm (blocked, single-threaded sgemm per block, blocks \
            shared over --threads); `pointwise` is Kernels.pointwiseConvolution with bias and h-swish fused; \
            `openblas` is one plain cblas_sgemm call with OpenBLAS's own threading at --threads, for comparison.
            """,
        options: [
            .value("threads", "N", "Threads for the kernels (and for the OpenBLAS comparison).",
                   default: "\(Threading.defaultThreadCount)"),
            .value("repeat", "N", "Timed runs per shape and kernel.", default: "30"),
            .flag("json", "Print one JSON object instead of a table."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let threads = try arguments.int("threads") ?? Threading.defaultThreadCount
        let repeats = try arguments.int("repeat") ?? 30
        guard threads >= 1 else { throw UsageError.invalidValue(option: "threads", value: "\(threads)", expected: "at least 1") }
        guard repeats >= 1 else { throw UsageError.invalidValue(option: "repeat", value: "\(repeats)", expected: "at least 1") }
        Threading.threadCount = threads

        var rows: [[String: Any]] = []
        for (m, k, n) in shapes {
            let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
            let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
            let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
            let bias = UnsafeMutablePointer<Float>.allocate(capacity: m)
            defer { a.deallocate(); b.deallocate(); c.deallocate(); bias.deallocate() }
            for i in 0..<(m * k) { a[i] = Float(i % 17) * 0.01 - 0.08 }
            for i in 0..<(k * n) { b[i] = Float(i % 13) * 0.02 - 0.12 }
            for i in 0..<m { bias[i] = 0.1 }

            let gemm = KernelBenchTiming.measure(repeats: repeats) {
                Kernels.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n)
            }
            let pointwise = KernelBenchTiming.measure(repeats: repeats) {
                Kernels.pointwiseConvolution(input: b, inputChannels: k, height: n, width: 1, weights: a,
                                             weightRowStride: k, outputChannels: m, bias: bias,
                                             activation: .hardSwish, output: c)
            }
            // The comparison: one sgemm call, OpenBLAS splitting it over its own threads. The kernels keep
            // OpenBLAS at one thread, so it is raised for this measurement only.
            openblas_set_num_threads(Int32(threads))
            let openBLAS = KernelBenchTiming.measure(repeats: repeats) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                            1, a, Int32(k), b, Int32(n), 0, c, Int32(n))
            }
            openblas_set_num_threads(1)

            let flops = 2.0 * Double(m * n * k)
            rows.append([
                "m": m, "k": k, "n": n,
                "gemm_best_ms": gemm.bestSeconds * 1e3, "gemm_median_ms": gemm.medianSeconds * 1e3,
                "gemm_gflops": flops / gemm.bestSeconds / 1e9,
                "pointwise_best_ms": pointwise.bestSeconds * 1e3,
                "pointwise_gflops": flops / pointwise.bestSeconds / 1e9,
                "openblas_best_ms": openBLAS.bestSeconds * 1e3,
                "openblas_gflops": flops / openBLAS.bestSeconds / 1e9,
            ])
        }

        if arguments.flag("json") {
            try KernelBenchTiming.printJSON(["threads": threads, "repeat": repeats, "shapes": rows])
        } else {
            print("bench gemm: \(threads) thread(s), best of \(repeats) (GFLOP/s; ms of the best gemm run)")
            print("    M ×    K ×     N      gemm   pointwise+hswish   openblas   gemm ms")
            for row in rows {
                func number(_ key: String) -> Double { row[key] as? Double ?? .nan }
                func integer(_ key: String) -> Int { row[key] as? Int ?? 0 }
                print(String(format: "%5d × %4d × %5d %9.1f %18.1f %10.1f %9.3f", integer("m"), integer("k"),
                             integer("n"), number("gemm_gflops"), number("pointwise_gflops"),
                             number("openblas_gflops"), number("gemm_best_ms")))
            }
        }
        return 0
    }
}
