import Testing
@testable import Tensor

@Suite("Kernels.pointwiseConvolution")
struct PointwiseConvolutionTests {
    @Test("matches the naive 1×1 convolution, including a sliced (wider) weight matrix", arguments: 0..<20)
    func randomShapes(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 2024)
        let big = seed % 4 == 3
        let inputChannels = big ? random.int(in: 16...80) : random.int(in: 1...19)
        let outputChannels = big ? random.int(in: 24...120) : random.int(in: 1...23)
        let height = big ? random.int(in: 14...29) : random.int(in: 1...9)
        let width = big ? random.int(in: 14...29) : random.int(in: 1...11)
        let rowStride = inputChannels + (seed % 2 == 0 ? 0 : random.int(in: 1...13))
        let extraRows = seed % 3 == 0 ? random.int(in: 0...5) : 0
        let activation = Activation.allCases[seed % Activation.allCases.count]
        let input = random.floats(inputChannels * height * width)
        let storedWeights = random.floats((outputChannels + extraRows) * rowStride)
        let bias: [Float]? = seed % 5 == 4 ? nil : random.floats(outputChannels + extraRows)

        // The reference sees only the top-left outputChannels × inputChannels block.
        var compact: [Float] = []
        for oc in 0..<outputChannels { compact += storedWeights[(oc * rowStride)..<(oc * rowStride + inputChannels)] }
        let (expected, _, _) = Reference.convolution(
            input: input, inputChannels: inputChannels, height: height, width: width,
            weights: compact, outputChannels: outputChannels, groups: 1, kernelSize: 1, stride: 1, padding: 0,
            bias: bias.map { Array($0.prefix(outputChannels)) }, activation: activation.rawValue)

        let (one, two) = withOneAndTwoThreads { () -> [Float] in
            var output = [Float](repeating: .nan, count: outputChannels * height * width)
            input.withUnsafeBufferPointer { x in
                storedWeights.withUnsafeBufferPointer { w in
                    output.withUnsafeMutableBufferPointer { y in
                        withOptionalPointer(bias) { b in
                            Kernels.pointwiseConvolution(
                                input: x.baseAddress!, inputChannels: inputChannels, height: height, width: width,
                                weights: w.baseAddress!, weightRowStride: rowStride, outputChannels: outputChannels,
                                bias: b, activation: activation, output: y.baseAddress!)
                        }
                    }
                }
            }
            return output
        }
        expectClose(one, expected, "pointwise \(inputChannels)→\(outputChannels) \(height)×\(width) \(activation)")
        #expect(one == two, "1 and 2 threads differ")
    }
}

/// Calls `body` with a pointer to `values`, or with `nil` when there are none (an absent bias).
func withOptionalPointer<R>(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0.baseAddress) }
}
