import Tensor

/// A fully connected layer `y = ReLU(x · Wᵀ + b)` over a batch, weights in PyTorch layout `[out, in]`:
/// one GEMM (Tensor's `Kernels.linear`, OpenBLAS) for a whole search population.
struct PredictorDenseLayer: Sendable {
    let weights: [Float]
    let bias: [Float]
    let inputs: Int
    let outputs: Int

    func forwardReLU(_ input: [Float], rows: Int) -> [Float] {
        var output = [Float](repeating: 0, count: rows * outputs)
        input.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    output.withUnsafeMutableBufferPointer { y in
                        guard let xBase = x.baseAddress, let wBase = w.baseAddress, let yBase = y.baseAddress else {
                            return
                        }
                        Kernels.linear(input: xBase, inFeatures: inputs, weights: wBase, weightRowStride: inputs,
                                       outFeatures: outputs, bias: b.baseAddress, activation: .relu, output: yBase,
                                       batch: rows)
                    }
                }
            }
        }
        return output
    }

    /// Σ a[aStart + i] · b[bStart + i] for i < count (the single-output last layer).
    static func dot(_ a: [Float], _ aStart: Int, _ b: [Float], _ bStart: Int, _ count: Int) -> Float {
        var sum: Float = 0
        for i in 0..<count { sum += a[aStart + i] * b[bStart + i] }
        return sum
    }
}
