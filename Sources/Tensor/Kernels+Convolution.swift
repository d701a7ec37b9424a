extension Kernels {
    /// The output side of a convolution: `(size + 2·padding − kernelSize) / stride + 1`.
    public static func convolutionOutputSize(_ size: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
        (size + 2 * padding - kernelSize) / stride + 1
    }

    /// Floats of scratch `convolution` needs: the im2col matrix `[inputChannels · k · k, outHeight · outWidth]`.
    public static func convolutionScratchCount(
        inputChannels: Int, height: Int, width: Int, kernelSize: Int, stride: Int, padding: Int
    ) -> Int {
        let outHeight = convolutionOutputSize(height, kernelSize: kernelSize, stride: stride, padding: padding)
        let outWidth = convolutionOutputSize(width, kernelSize: kernelSize, stride: stride, padding: padding)
        return inputChannels * kernelSize * kernelSize * max(0, outHeight) * max(0, outWidth)
    }

    /// Dense (groups = 1) k×k convolution of one CHW image through im2col + GEMM, bias and activation fused:
    /// `output[oc, y, x] = activation(Σ_{ic,i,j} weights[oc, ic, i, j] · input[ic, y·s + i − p, x·s + j − p] + bias[oc])`
    /// with zero padding `p`. `weights` is PyTorch's `[outputChannels, inputChannels, k, k]`; `scratch` holds
    /// `convolutionScratchCount(...)` floats.
    public static func convolution(
        input: UnsafePointer<Float>, inputChannels: Int, height: Int, width: Int,
        weights: UnsafePointer<Float>, outputChannels: Int,
        kernelSize: Int, stride: Int, padding: Int,
        bias: UnsafePointer<Float>?, activation: Activation = .none,
        scratch: UnsafeMutablePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(kernelSize >= 1 && stride >= 1 && padding >= 0, "convolution: bad geometry")
        let outHeight = convolutionOutputSize(height, kernelSize: kernelSize, stride: stride, padding: padding)
        let outWidth = convolutionOutputSize(width, kernelSize: kernelSize, stride: stride, padding: padding)
        guard outHeight > 0, outWidth > 0, outputChannels > 0 else { return }
        let spatial = outHeight * outWidth
        im2col(input: input, channels: inputChannels, height: height, width: width,
               kernelSize: kernelSize, stride: stride, padding: padding,
               outHeight: outHeight, outWidth: outWidth, columns: scratch)
        let depth = inputChannels * kernelSize * kernelSize
        gemm(m: outputChannels, n: spatial, k: depth,
             a: weights, lda: depth, b: scratch, ldb: spatial, c: output, ldc: spatial)
        addBiasAndActivate(output, channels: outputChannels, spatial: spatial, bias: bias, activation: activation)
    }

    /// Unfolds the receptive fields into rows `(ic, i, j)` × columns `(y, x)`, zero outside the image.
    static func im2col(
        input: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
        kernelSize: Int, stride: Int, padding: Int, outHeight: Int, outWidth: Int,
        columns: UnsafeMutablePointer<Float>
    ) {
        var row = columns
        for channel in 0..<channels {
            let plane = input + channel * height * width
            for i in 0..<kernelSize {
                for j in 0..<kernelSize {
                    for y in 0..<outHeight {
                        let inY = y * stride + i - padding
                        let line = row + y * outWidth
                        if inY < 0 || inY >= height {
                            line.update(repeating: 0, count: outWidth)
                            continue
                        }
                        for x in 0..<outWidth {
                            let inX = x * stride + j - padding
                            line[x] = (inX >= 0 && inX < width) ? plane[inY * width + inX] : 0
                        }
                    }
                    row += outHeight * outWidth
                }
            }
        }
    }
}
