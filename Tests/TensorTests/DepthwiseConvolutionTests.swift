import Testing
@testable import Tensor

@Suite("Kernels.depthwiseConvolution")
struct DepthwiseConvolutionTests {
    static func run(input: [Float], channels: Int, height: Int, width: Int, kernel: [Float], kernelSize: Int,
                    stride: Int, bias: [Float]?, activation: Activation) -> [Float] {
        let outHeight = Kernels.depthwiseOutputSize(height, stride: stride)
        let outWidth = Kernels.depthwiseOutputSize(width, stride: stride)
        var output = [Float](repeating: .nan, count: channels * outHeight * outWidth)
        input.withUnsafeBufferPointer { x in
            kernel.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    withOptionalPointer(bias) { b in
                        Kernels.depthwiseConvolution(
                            input: x.baseAddress!, channels: channels, height: height, width: width,
                            kernel: w.baseAddress!, kernelSize: kernelSize, stride: stride,
                            bias: b, activation: activation, output: y.baseAddress!)
                    }
                }
            }
        }
        return output
    }

    static func check(seed: Int, kernelSize: Int, stride: Int, channels: Int, height: Int, width: Int) {
        var random = SeededRandom(seed: UInt64(seed * 131 + kernelSize * 7 + stride))
        let activation = Activation.allCases[seed % Activation.allCases.count]
        let input = random.floats(channels * height * width)
        let kernel = random.floats(channels * kernelSize * kernelSize)
        let bias: [Float]? = seed % 4 == 3 ? nil : random.floats(channels)
        let (expected, outHeight, outWidth) = Reference.convolution(
            input: input, inputChannels: channels, height: height, width: width,
            weights: kernel, outputChannels: channels, groups: channels,
            kernelSize: kernelSize, stride: stride, padding: kernelSize / 2,
            bias: bias, activation: activation.rawValue)
        #expect(outHeight == Kernels.depthwiseOutputSize(height, stride: stride))
        #expect(outWidth == Kernels.depthwiseOutputSize(width, stride: stride))
        let (one, two) = withOneAndTwoThreads {
            run(input: input, channels: channels, height: height, width: width, kernel: kernel,
                kernelSize: kernelSize, stride: stride, bias: bias, activation: activation)
        }
        let label = "depthwise k\(kernelSize) s\(stride) C\(channels) \(height)×\(width) \(activation)"
        expectClose(one, expected, label)
        #expect(one == two, "\(label): 1 and 2 threads differ")
    }

    @Test("k 3/5/7, stride 1/2, odd and small sizes (narrower than the kernel)",
          arguments: [3, 5, 7], [1, 2])
    func smallShapes(kernelSize: Int, stride: Int) {
        for seed in 0..<12 {
            var random = SeededRandom(seed: UInt64(seed))
            Self.check(seed: seed, kernelSize: kernelSize, stride: stride, channels: random.int(in: 1...7),
                       height: random.int(in: 1...13), width: random.int(in: 1...37))
        }
    }

    @Test("k 3/5/7, stride 1/2 on MobileNetV3 sizes (threaded)", arguments: [3, 5, 7], [1, 2])
    func networkShapes(kernelSize: Int, stride: Int) {
        for (seed, (channels, side)) in [(24, 56), (73, 28), (40, 14), (19, 7), (5, 112)].enumerated() {
            Self.check(seed: seed, kernelSize: kernelSize, stride: stride, channels: channels,
                       height: side + seed % 2, width: side + (seed + 1) % 2)
        }
    }

    @Test("other odd kernel sizes and strides take the general path", arguments: [1, 9], [1, 3])
    func generalPath(kernelSize: Int, stride: Int) {
        Self.check(seed: 3, kernelSize: kernelSize, stride: stride, channels: 6, height: 17, width: 23)
    }
}
