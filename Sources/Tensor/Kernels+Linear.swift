extension Kernels {
    /// A fully-connected layer over a batch, bias and activation fused:
    /// `output[b, o] = activation(Σ_i input[b · inFeatures + i] · weights[o · weightRowStride + i] + bias[o])`.
    ///
    /// `weights` is PyTorch's `[outFeatures, weightRowStride]`; `weightRowStride > inFeatures` uses the first
    /// `inFeatures` columns without copying. `input` is `[batch, inFeatures]`, `output` is `[batch, outFeatures]`.
    public static func linear(
        input: UnsafePointer<Float>, inFeatures: Int,
        weights: UnsafePointer<Float>, weightRowStride: Int, outFeatures: Int,
        bias: UnsafePointer<Float>?, activation: Activation = .none,
        output: UnsafeMutablePointer<Float>, batch: Int = 1
    ) {
        precondition(weightRowStride >= inFeatures, "linear: weightRowStride < inFeatures")
        guard batch > 0, outFeatures > 0 else { return }
        gemm(transposeB: true, m: batch, n: outFeatures, k: inFeatures,
             a: input, lda: inFeatures, b: weights, ldb: weightRowStride, c: output, ldc: outFeatures)
        for row in 0..<batch {
            let line = output + row * outFeatures
            for feature in 0..<outFeatures { line[feature] = activation(line[feature] + (bias?[feature] ?? 0)) }
        }
    }
}
