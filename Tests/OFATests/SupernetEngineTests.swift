import Testing
import Tensor
@testable import OFA
@testable import OFAEngine

/// Engine behaviour beyond numerics: switching, buffers, batches, input validation, and the fused kernels
/// against Tensor's plain kernels.
@Suite(.serialized)
struct SupernetEngineTests {
    static let weights = SupernetWeights.synthetic(.w1_0)

    static func image(_ r: Int, batch: Int = 1) -> [Float] {
        (0..<batch).flatMap { b in SyntheticWeights.image(resolution: r).map { $0 * Float(b + 1) / Float(batch) } }
    }

    @Test func switchingGivesTheSameLogitsAsAFreshEngine() throws {
        let a = try SubnetConfig(ks: (0..<20).map { [3, 5, 7][$0 % 3] }, e: (0..<20).map { [4, 6, 3][$0 % 3] },
                                 d: [2, 4, 3, 4, 2], r: 56)
        let b = try SubnetConfig.uniform(kernelSize: 5, expandRatio: 3, depth: 3, resolution: 40)
        let engine = try SupernetEngine(weights: Self.weights, maxResolution: 64)
        let addresses = engine.bufferAddresses
        try engine.activate(.largest.at(resolution: 64))
        _ = try engine.infer(Self.image(64), shape: [1, 3, 64, 64])
        try engine.activate(a)
        let afterSwitchA = try engine.infer(Self.image(56), shape: [1, 3, 56, 56])
        try engine.activate(b)
        let afterSwitchB = try engine.infer(Self.image(40), shape: [1, 3, 40, 40])
        let freshA = try SupernetEngine(weights: Self.weights, maxResolution: 56, config: a)
            .infer(Self.image(56), shape: [1, 3, 56, 56])
        let freshB = try SupernetEngine(weights: Self.weights, maxResolution: 40, config: b)
            .infer(Self.image(40), shape: [1, 3, 40, 40])
        #expect(afterSwitchA == freshA)
        #expect(afterSwitchB == freshB)
        #expect(engine.bufferAddresses == addresses, "activation buffers were reallocated")
    }

    /// With OpenBLAS single-threaded the engine splits the GEMMs itself (by columns on wide planes, by rows on
    /// narrow ones); the logits must match the unsplit run.
    @Test(arguments: [1, 2, 3])
    func engineSplitGemmsMatchOpenBLASThreads(threads: Int) throws {
        let config = try SubnetConfig(ks: (0..<20).map { [5, 7, 3][$0 % 3] }, e: (0..<20).map { [3, 6, 4][$0 % 3] },
                                      d: [4, 3, 2, 4, 3], r: 72)
        let image = Self.image(72)
        let reference = try SupernetEngine(weights: Self.weights, maxResolution: 72, config: config, threadCount: 1)
            .infer(image, shape: [1, 3, 72, 72])
        let saved = Threading.threadCount
        Threading.threadCount = 1
        defer { Threading.threadCount = saved }
        let split = try SupernetEngine(weights: Self.weights, maxResolution: 72, config: config, threadCount: threads)
            .infer(image, shape: [1, 3, 72, 72])
        let error = zip(reference, split).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-6, "threads \(threads): \(error)")
    }

    @Test func batchEqualsImagesOneByOne() throws {
        let engine = try SupernetEngine(weights: Self.weights, maxResolution: 48,
                                        config: .smallest.at(resolution: 48))
        let batch = Self.image(48, batch: 3)
        let together = try engine.infer(batch, shape: [3, 3, 48, 48])
        let count = 3 * 48 * 48
        for index in 0..<3 {
            let single = try engine.infer(Array(batch[(index * count)..<((index + 1) * count)]), shape: [1, 3, 48, 48])
            #expect(Array(together[(index * 1000)..<((index + 1) * 1000)]) == single)
        }
    }

    @Test func wrongInputShapeIsNamed() throws {
        let engine = try SupernetEngine(weights: Self.weights, maxResolution: 48, config: .smallest.at(resolution: 48))
        do {
            _ = try engine.infer([Float](repeating: 0, count: 3 * 40 * 40), shape: [1, 3, 40, 40])
            Issue.record("a 40×40 input under r=48 must be rejected")
        } catch {
            #expect(error.description.contains("[1, 3, 40, 40]") && error.description.contains("[N, 3, 48, 48]"),
                    "\(error)")
        }
        #expect(throws: SupernetEngineError.resolutionAboveCapacity(resolution: 64, maxResolution: 48)) {
            try engine.activate(.smallest.at(resolution: 64))
        }
    }

    @Test(arguments: [(3, 1, 17), (5, 1, 14), (7, 1, 9), (7, 1, 40), (3, 2, 17), (5, 2, 12), (7, 2, 7), (7, 2, 8), (5, 2, 45),
                      (7, 1, 56), (3, 1, 33), (5, 1, 31), (7, 2, 112), (3, 2, 65), (7, 2, 33), (7, 1, 16), (5, 2, 32),
                      (7, 1, 14), (5, 1, 15), (3, 1, 8), (7, 1, 11), (7, 2, 28), (3, 2, 20), (5, 2, 30), (7, 2, 15)])
    func fusedDepthwiseMatchesPlainKernel(kernelSize: Int, stride: Int, size: Int) {
        let channels = 5
        let input = (0..<(channels * size * size)).map { Float(SyntheticWeights.uniform(tensor: 9, element: $0) * 2 - 1) }
        let kernel = (0..<(channels * kernelSize * kernelSize)).map { Float(SyntheticWeights.uniform(tensor: 10, element: $0) - 0.5) }
        let bias = (0..<channels).map { Float($0) * 0.1 - 0.2 }
        let outSize = (size - 1) / stride + 1
        for activation in [SupernetActivation.relu, .hardSwish] {
            var plain = [Float](repeating: 0, count: channels * outSize * outSize)
            Kernels.depthwiseConvolution(input: input, channels: channels, height: size, width: size, kernel: kernel,
                                         kernelSize: kernelSize, stride: stride, bias: bias,
                                         activation: activation == .relu ? .relu : .hardSwish, output: &plain)
            let side = EngineKernels.paddedSide(size)
            var padded = [Float](repeating: .nan, count: channels * side * side + 64)
            var fused = [Float](repeating: .nan, count: channels * outSize * outSize + 16)
            EngineKernels.activateIntoPadded(input, channels: channels, size: size, bias: nil, activation: nil,
                                             padded: &padded, deinterleaved: stride == 2)
            EngineKernels.depthwise(paddedInput: padded, channels: channels, size: size, kernel: kernel,
                                    kernelSize: kernelSize, stride: stride, bias: bias, activation: activation,
                                    output: &fused)
            let error = zip(plain, fused).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error <= 1e-5, "k=\(kernelSize) s=\(stride) size=\(size) \(activation): \(error)")
            #expect(!fused.prefix(plain.count).contains { $0.isNaN }, "k=\(kernelSize) s=\(stride) size=\(size): output not written")
            #expect(fused.suffix(16).allSatisfy { $0.isNaN }, "k=\(kernelSize) s=\(stride) size=\(size): wrote past the planes")
        }
    }

    @Test func fusedEpilogueMatchesPlainKernels() {
        let channels = 6, spatial = 50
        let data = (0..<(channels * spatial)).map { Float(SyntheticWeights.uniform(tensor: 11, element: $0) * 8 - 4) }
        let residual = (0..<(channels * spatial)).map { Float(SyntheticWeights.uniform(tensor: 12, element: $0)) }
        let bias = (0..<channels).map { Float($0) - 2 }
        var plain = data
        Kernels.addBiasAndActivate(&plain, channels: channels, spatial: spatial, bias: bias, activation: .hardSwish)
        Kernels.add(residual, into: &plain, count: channels * spatial)
        var fused = data
        EngineKernels.epilogue(&fused, channels: channels, spatial: spatial, bias: bias, activation: .hardSwish,
                               residual: residual)
        let error = zip(plain, fused).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-6)
    }
}
