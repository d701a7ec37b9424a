import Testing
import Tensor
@testable import OFAEngine

/// The fused expand + depthwise pass equals the two layers run one after the other (expand 1×1 conv into the
/// padded layout, or plain + padding pass for narrow images; then the depthwise conv with its pool), value for
/// value: both paths, strides 1 and 2, every kernel size, a partial last group of channels, an elastic prefix of
/// the expand weights, 1 and 2 threads.
struct ExpandDepthwiseTests {
    @Test(arguments: [(9, 3, 1), (9, 5, 2), (20, 7, 1), (21, 7, 2), (28, 3, 2)], [1, 2])
    func matchesLayerByLayer(shape: (size: Int, kernelSize: Int, stride: Int), threads: Int) {
        let (size, k, stride) = shape
        let inputChannels = 24, rowStride = 40, middle = 100
        let outSize = SupernetArchitecture.outputSize(size, stride: stride)
        let side = EngineKernels.paddedSide(size)
        let input = DirectPointwiseTests.values(inputChannels * size * size, seed: 31)
        let weights = DirectPointwiseTests.values(middle * rowStride, seed: 32)
        let expandBias = DirectPointwiseTests.values(middle, seed: 33)
        let kernel = DirectPointwiseTests.values(middle * k * k, seed: 34)
        let depthwiseBias = DirectPointwiseTests.values(middle, seed: 35)
        for activation in [SupernetActivation.relu, .hardSwish] {
            // Layer by layer, as the engine ran before the fusion.
            var padded = [Float](repeating: .nan, count: middle * side * side + 64)
            var expanded = [Float](repeating: .nan, count: middle * size * size + 64)
            if size >= DirectPointwise.narrowColumns {
                DirectPointwise.runIntoPadded(input: input, inputChannels: inputChannels, size: size, weights: weights,
                                              weightRowStride: rowStride, outputChannels: middle, bias: expandBias,
                                              activation: activation, padded: &padded, deinterleaved: stride == 2,
                                              threads: 1)
            } else {
                DirectPointwise.run(input: input, inputChannels: inputChannels, spatial: size * size, weights: weights,
                                    weightRowStride: rowStride, outputChannels: middle, bias: expandBias,
                                    activation: activation, residual: nil, output: &expanded, threads: 1)
                EngineKernels.activateIntoPadded(expanded, channels: middle, size: size, bias: nil, activation: nil,
                                                 padded: &padded, deinterleaved: stride == 2, threads: 1)
            }
            var expected = [Float](repeating: .nan, count: middle * outSize * outSize)
            var expectedPool = [Float](repeating: .nan, count: middle)
            EngineKernels.depthwise(paddedInput: padded, channels: middle, size: size, kernel: kernel, kernelSize: k,
                                    stride: stride, bias: depthwiseBias, activation: activation, output: &expected,
                                    pooled: &expectedPool, threads: 1)
            // Fused.
            var fusedPadded = [Float](repeating: .nan, count: middle * side * side + 64)
            var fusedExpanded = [Float](repeating: .nan, count: middle * size * size + 64)
            var output = [Float](repeating: .nan, count: middle * outSize * outSize + 16)
            var pooled = [Float](repeating: .nan, count: middle)
            input.withUnsafeBufferPointer { input in
                weights.withUnsafeBufferPointer { weights in
                    expandBias.withUnsafeBufferPointer { expandBias in
                        kernel.withUnsafeBufferPointer { kernel in
                            depthwiseBias.withUnsafeBufferPointer { depthwiseBias in
                                fusedExpanded.withUnsafeMutableBufferPointer { fusedExpanded in
                                    fusedPadded.withUnsafeMutableBufferPointer { fusedPadded in
                                        output.withUnsafeMutableBufferPointer { output in
                                            pooled.withUnsafeMutableBufferPointer { pooled in
                                                ExpandDepthwise.run(.init(
                                                    input: input.baseAddress!, inputChannels: inputChannels, size: size,
                                                    expandWeights: weights.baseAddress!, expandRowStride: rowStride,
                                                    expandBias: expandBias.baseAddress!, middleChannels: middle,
                                                    activation: activation, kernel: kernel.baseAddress!, kernelSize: k,
                                                    stride: stride, depthwiseBias: depthwiseBias.baseAddress!,
                                                    expanded: fusedExpanded.baseAddress!, padded: fusedPadded.baseAddress!,
                                                    output: output.baseAddress!, pooled: pooled.baseAddress!),
                                                    threads: threads)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let label = "size \(size) k \(k) stride \(stride) \(activation) threads \(threads)"
            #expect(Array(output.prefix(expected.count)) == expected, "\(label): outputs differ")
            #expect(pooled == expectedPool, "\(label): pooled means differ")
            #expect(output.suffix(16).allSatisfy { $0.isNaN }, "\(label): wrote past the output")
        }
    }
}
