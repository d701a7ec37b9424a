extension Kernels {
    /// 1×1 convolution of one CHW image as a GEMM, with the bias and an activation fused:
    /// `output[oc, p] = activation(Σ_ic weights[oc · weightRowStride + ic] · input[ic, p] + bias[oc])`
    /// for `p` over the `height × width` positions.
    ///
    /// `weights` is PyTorch's `[outputChannels, weightRowStride]` (the trailing 1×1 dropped). A `weightRowStride`
    /// larger than `inputChannels` uses the top-left `outputChannels × inputChannels` block of a wider matrix
    /// without copying (OFA's elastic widths keep the first channels).
    ///
    /// The GEMM is cut into cache-sized blocks (`GemmBlocking`: column tiles, or output-channel blocks for small
    /// images) shared over the threads; each block is one single-threaded sgemm followed at once by the bias and
    /// activation, while the block is still in cache. Results do not depend on the thread count.
    public static func pointwiseConvolution(
        input: UnsafePointer<Float>, inputChannels: Int, height: Int, width: Int,
        weights: UnsafePointer<Float>, weightRowStride: Int, outputChannels: Int,
        bias: UnsafePointer<Float>?, activation: Activation = .none,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(weightRowStride >= inputChannels, "pointwiseConvolution: weightRowStride < inputChannels")
        let spatial = height * width
        guard spatial > 0, outputChannels > 0 else { return }
        let blocking = GemmBlocking(m: outputChannels, n: spatial, k: inputChannels)
        blocking.forEachBlock(flops: 2 * outputChannels * inputChannels * spatial) { block in
            let (rows, columns) = blocking.axis == .columns ? (0..<outputChannels, block) : (block, 0..<spatial)
            let tile = output + rows.lowerBound * spatial + columns.lowerBound
            serialGemm(transposeA: false, transposeB: false, m: rows.count, n: columns.count, k: inputChannels,
                       alpha: 1, a: weights + rows.lowerBound * weightRowStride, lda: weightRowStride,
                       b: input + columns.lowerBound, ldb: spatial, beta: 0, c: tile, ldc: spatial)
            biasAndActivate(tile, rows: rows.count, rowStride: spatial, columns: 0..<columns.count,
                            bias: bias.map { $0 + rows.lowerBound }, activation: activation)
        }
    }
}
