extension Kernels {
    /// The output side of a "same"-padded (`kernelSize / 2`) convolution: `(size − 1) / stride + 1`.
    public static func depthwiseOutputSize(_ size: Int, stride: Int) -> Int { (size - 1) / stride + 1 }

    /// Depthwise k×k convolution of one CHW image with "same" padding `kernelSize / 2`, bias and activation fused:
    /// `output[c, y, x] = activation(Σ_{i,j} kernel[c, i, j] · input[c, y·s + i − k/2, x·s + j − k/2] + bias[c])`,
    /// out-of-image inputs reading as zero. Output planes are `depthwiseOutputSize(height) × ...(width)`.
    ///
    /// `kernel` is `[channels, kernelSize, kernelSize]` (PyTorch's `[C, 1, k, k]`); `kernelSize` odd, `stride ≥ 1`.
    public static func depthwiseConvolution(
        input: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
        kernel: UnsafePointer<Float>, kernelSize: Int, stride: Int,
        bias: UnsafePointer<Float>?, activation: Activation = .none,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(kernelSize % 2 == 1 && kernelSize > 0, "depthwiseConvolution: kernelSize must be odd")
        precondition(stride >= 1, "depthwiseConvolution: stride must be at least 1")
        let outHeight = depthwiseOutputSize(height, stride: stride)
        let outWidth = depthwiseOutputSize(width, stride: stride)
        let pad = kernelSize / 2
        let flops = 2 * channels * outHeight * outWidth * kernelSize * kernelSize
        Threading.forEachPart(maximumParts: channels, flops: flops) { part, partCount in
        for channel in Threading.slice(channels, part: part, of: partCount) {
            let plane = input + channel * height * width
            let taps = kernel + channel * kernelSize * kernelSize
            let outPlane = output + channel * outHeight * outWidth
            let shift = bias?[channel] ?? 0
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    var sum: Float = 0
                    for i in 0..<kernelSize {
                        let inY = y * stride + i - pad
                        if inY < 0 || inY >= height { continue }
                        for j in 0..<kernelSize {
                            let inX = x * stride + j - pad
                            if inX < 0 || inX >= width { continue }
                            sum += taps[i * kernelSize + j] * plane[inY * width + inX]
                        }
                    }
                    outPlane[y * outWidth + x] = activation(sum + shift)
                }
            }
        }
        }
    }
}
