extension Kernels {
    /// 1×1 convolution of one CHW image as a GEMM, with the bias and an activation fused:
    /// `output[oc, p] = activation(Σ_ic weights[oc · weightRowStride + ic] · input[ic, p] + bias[oc])`
    /// for `p` over the `height × width` positions.
    ///
    /// `weights` is PyTorch's `[outputChannels, weightRowStride]` (the trailing 1×1 dropped). A `weightRowStride`
    /// larger than `inputChannels` uses the top-left `outputChannels × inputChannels` block of a wider matrix
    /// without copying (OFA's elastic widths keep the first channels).
    public static func pointwiseConvolution(
        input: UnsafePointer<Float>, inputChannels: Int, height: Int, width: Int,
        weights: UnsafePointer<Float>, weightRowStride: Int, outputChannels: Int,
        bias: UnsafePointer<Float>?, activation: Activation = .none,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(weightRowStride >= inputChannels, "pointwiseConvolution: weightRowStride < inputChannels")
        let spatial = height * width
        guard spatial > 0, outputChannels > 0 else { return }
        gemm(m: outputChannels, n: spatial, k: inputChannels,
             a: weights, lda: weightRowStride, b: input, ldb: spatial, c: output, ldc: spatial)
        addBiasAndActivate(output, channels: outputChannels, spatial: spatial, bias: bias, activation: activation)
    }

    /// `data[c, p] = activation(data[c, p] + bias[c])` over `channels` planes of `spatial` values (bias optional).
    public static func addBiasAndActivate(
        _ data: UnsafeMutablePointer<Float>, channels: Int, spatial: Int,
        bias: UnsafePointer<Float>?, activation: Activation
    ) {
        if bias == nil && activation == .none { return }
        for channel in 0..<channels {
            let plane = data + channel * spatial
            let shift = bias?[channel] ?? 0
            for index in 0..<spatial { plane[index] = activation(plane[index] + shift) }
        }
    }
}
