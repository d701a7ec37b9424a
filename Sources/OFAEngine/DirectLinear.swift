import Tensor

/// A fully connected layer on one vector, `output[o] = act(Σ_i weights[o · weightRowStride + i] · input[i] + bias[o])`,
/// for the supernet's head (feature mix 960 → 1280, classifier 1280 → 1000) and its squeeze-and-excite layers.
/// It is bound by reading the weights once; four rows at a time in 16-lane sums stream them at memory speed
/// (OpenBLAS's small-matrix path for a 1-row product measured about 3 GFLOP/s here). Large layers are split by
/// rows over `threads` threads: one core does not saturate the memory bandwidth, two read the 5 MB head matrices
/// in about half the time.
enum DirectLinear {
    /// Below this many multiply-adds per part a split costs more than it saves (≈ 256 kB of weights).
    static let minimumWorkPerThread = 64 * 1024

    static func run(
        input: UnsafePointer<Float>, inFeatures: Int, weights: UnsafePointer<Float>, weightRowStride: Int,
        outFeatures: Int, bias: UnsafePointer<Float>?, activation: Activation,
        output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let quads = (outFeatures + 3) / 4
        let parts = max(1, min(threads * EngineKernels.partsPerThread, quads,
                               inFeatures * outFeatures / minimumWorkPerThread))
        if parts == 1 || threads <= 1 {
            rows(0..<outFeatures, input: input, inFeatures: inFeatures, weights: weights,
                 weightRowStride: weightRowStride, bias: bias, activation: activation, output: output)
            return
        }
        EngineKernels.forEachPart(parts, threads: threads) { part in
            // Part boundaries on multiples of 4 rows, so every row is summed the same way whatever the split.
            let range = min(outFeatures, quads * part / parts * 4)..<min(outFeatures, quads * (part + 1) / parts * 4)
            rows(range, input: input, inFeatures: inFeatures, weights: weights, weightRowStride: weightRowStride,
                 bias: bias, activation: activation, output: output)
        }
    }

    /// Output rows `range` on the calling thread.
    static func rows(
        _ range: Range<Int>, input: UnsafePointer<Float>, inFeatures: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, bias: UnsafePointer<Float>?, activation: Activation, output: UnsafeMutablePointer<Float>
    ) {
        let vectorEnd = inFeatures / 16 * 16
        @inline(__always) func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
        }
        @inline(__always) func finish(_ lanes: SIMD16<Float>, row: Int) {
            let rowWeights = weights + row * weightRowStride
            var sum = lanes.sum()
            for index in vectorEnd..<inFeatures { sum += rowWeights[index] * input[index] }
            output[row] = activation(sum + (bias?[row] ?? 0))
        }
        var row = range.lowerBound
        while row + 4 <= range.upperBound {
            let w0 = weights + row * weightRowStride, w1 = w0 + weightRowStride
            let w2 = w1 + weightRowStride, w3 = w2 + weightRowStride
            var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
            var index = 0
            while index < vectorEnd {
                let x = load(input + index)
                s0 = s0.addingProduct(load(w0 + index), x)
                s1 = s1.addingProduct(load(w1 + index), x)
                s2 = s2.addingProduct(load(w2 + index), x)
                s3 = s3.addingProduct(load(w3 + index), x)
                index += 16
            }
            finish(s0, row: row)
            finish(s1, row: row + 1)
            finish(s2, row: row + 2)
            finish(s3, row: row + 3)
            row += 4
        }
        while row < range.upperBound {
            let w0 = weights + row * weightRowStride
            var s0 = SIMD16<Float>()
            var index = 0
            while index < vectorEnd {
                s0 = s0.addingProduct(load(w0 + index), load(input + index))
                index += 16
            }
            finish(s0, row: row)
            row += 1
        }
    }
}
