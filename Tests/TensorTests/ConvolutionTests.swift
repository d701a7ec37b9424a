import Testing
@testable import Tensor

@Suite("Kernels.convolution (im2col + GEMM)")
struct ConvolutionTests {
    static func run(input: [Float], inputChannels: Int, height: Int, width: Int, weights: [Float],
                    outputChannels: Int, kernelSize: Int, stride: Int, padding: Int,
                    bias: [Float]?, activation: Activation) -> [Float] {
        let outHeight = Kernels.convolutionOutputSize(height, kernelSize: kernelSize, stride: stride, padding: padding)
        let outWidth = Kernels.convolutionOutputSize(width, kernelSize: kernelSize, stride: stride, padding: padding)
        var output = [Float](repeating: .nan, count: outputChannels * outHeight * outWidth)
        var scratch = [Float](repeating: .nan, count: Kernels.convolutionScratchCount(
            inputChannels: inputChannels, height: height, width: width,
            kernelSize: kernelSize, stride: stride, padding: padding))
        input.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    scratch.withUnsafeMutableBufferPointer { s in
                        withOptionalPointer(bias) { b in
                            Kernels.convolution(
                                input: x.baseAddress!, inputChannels: inputChannels, height: height, width: width,
                                weights: w.baseAddress!, outputChannels: outputChannels,
                                kernelSize: kernelSize, stride: stride, padding: padding,
                                bias: b, activation: activation, scratch: s.baseAddress!, output: y.baseAddress!)
                        }
                    }
                }
            }
        }
        return output
    }

    static func check(seed: Int, inputChannels: Int, outputChannels: Int, height: Int, width: Int,
                      kernelSize: Int, stride: Int, padding: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 77)
        let activation = Activation.allCases[seed % Activation.allCases.count]
        let input = random.floats(inputChannels * height * width)
        let weights = random.floats(outputChannels * inputChannels * kernelSize * kernelSize)
        let bias: [Float]? = seed % 3 == 2 ? nil : random.floats(outputChannels)
        let (expected, _, _) = Reference.convolution(
            input: input, inputChannels: inputChannels, height: height, width: width,
            weights: weights, outputChannels: outputChannels, groups: 1,
            kernelSize: kernelSize, stride: stride, padding: padding, bias: bias, activation: activation.rawValue)
        let (one, two) = withOneAndTwoThreads {
            run(input: input, inputChannels: inputChannels, height: height, width: width, weights: weights,
                outputChannels: outputChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                bias: bias, activation: activation)
        }
        let label = "conv \(inputChannels)→\(outputChannels) \(height)×\(width) k\(kernelSize) s\(stride) p\(padding)"
        expectClose(one, expected, label)
        #expect(one == two, "\(label): 1 and 2 threads differ")
    }

    @Test("random geometry: any k, stride, padding, odd sizes", arguments: 0..<16)
    func randomGeometry(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let kernelSize = random.int(in: 1...6)
        let stride = random.int(in: 1...3)
        let padding = random.int(in: 0...kernelSize)
        let height = random.int(in: kernelSize...(kernelSize + 14))
        let width = random.int(in: kernelSize...(kernelSize + 17))
        Self.check(seed: seed, inputChannels: random.int(in: 1...6), outputChannels: random.int(in: 1...9),
                   height: height, width: width, kernelSize: kernelSize, stride: stride, padding: padding)
    }

    @Test("the OFA stem: 3×3 stride 2 padding 1, 3 → 16 and 3 → 24 channels, odd input", arguments: [16, 24])
    func stem(outputChannels: Int) {
        Self.check(seed: outputChannels, inputChannels: 3, outputChannels: outputChannels, height: 65, width: 63,
                   kernelSize: 3, stride: 2, padding: 1)
    }

    @Test("output and scratch sizes follow the convolution arithmetic")
    func sizes() {
        #expect(Kernels.convolutionOutputSize(224, kernelSize: 3, stride: 2, padding: 1) == 112)
        #expect(Kernels.convolutionOutputSize(7, kernelSize: 7, stride: 1, padding: 0) == 1)
        #expect(Kernels.convolutionScratchCount(inputChannels: 3, height: 224, width: 224, kernelSize: 3,
                                                stride: 2, padding: 1) == 3 * 9 * 112 * 112)
        #expect(Kernels.convolutionScratchCount(inputChannels: 3, height: 2, width: 2, kernelSize: 5,
                                                stride: 1, padding: 0) == 0)
    }
}
