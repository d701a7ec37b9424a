/// A fully connected layer `y = ReLU(x · Wᵀ + b)` over a batch, weights in PyTorch layout `[out, in]`.
///
/// Written with SIMD dot products rather than a BLAS call: the predictor's layers are 400 wide, the batches are a
/// search population (≈100–200 rows), so the whole forward pass is a few milliseconds either way.
struct PredictorDenseLayer: Sendable {
    let weights: [Float]
    let bias: [Float]
    let inputs: Int
    let outputs: Int

    func forwardReLU(_ input: [Float], rows: Int) -> [Float] {
        var output = [Float](repeating: 0, count: rows * outputs)
        for row in 0..<rows {
            for unit in 0..<outputs {
                let sum = Self.dot(input, row * inputs, weights, unit * inputs, inputs) + bias[unit]
                output[row * outputs + unit] = max(sum, 0)
            }
        }
        return output
    }

    /// Σ a[aStart + i] · b[bStart + i] for i < count, eight lanes at a time.
    static func dot(_ a: [Float], _ aStart: Int, _ b: [Float], _ bStart: Int, _ count: Int) -> Float {
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                let pa = aBuffer.baseAddress! + aStart
                let pb = bBuffer.baseAddress! + bStart
                var lanes = SIMD8<Float>(repeating: 0)
                var index = 0
                while index + 8 <= count {
                    let x = UnsafeRawPointer(pa + index).loadUnaligned(as: SIMD8<Float>.self)
                    let y = UnsafeRawPointer(pb + index).loadUnaligned(as: SIMD8<Float>.self)
                    lanes += x * y
                    index += 8
                }
                var sum = lanes.sum()
                while index < count {
                    sum += pa[index] * pb[index]
                    index += 1
                }
                return sum
            }
        }
    }
}
