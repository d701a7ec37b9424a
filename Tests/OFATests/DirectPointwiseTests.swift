import Testing
import Tensor
@testable import OFA
@testable import OFAEngine

/// `DirectPointwise` against a naive double-precision 1×1 convolution: odd shapes (column tails, partial 8-row
/// panels, fewer than 16 columns), elastic prefixes of wider weight matrices, every activation, the residual add,
/// and one or several threads.
struct DirectPointwiseTests {
    struct Shape: CustomStringConvertible, Sendable {
        let k, n, m, ldw: Int
        var description: String { "K=\(k) N=\(n) M=\(m) ldw=\(ldw)" }
    }

    static let shapes: [Shape] = [
        Shape(k: 1, n: 5, m: 3, ldw: 1),           // scalar path only
        Shape(k: 16, n: 16, m: 8, ldw: 16),         // one narrow block
        Shape(k: 7, n: 47, m: 13, ldw: 9),          // narrow blocks + shifted tail, partial panel, K prefix
        Shape(k: 24, n: 49, m: 40, ldw: 24),        // one wide block + shifted narrow tail
        Shape(k: 37, n: 196, m: 21, ldw: 64),       // several wide blocks, partial panel
        Shape(k: 160, n: 100, m: 9, ldw: 192),      // deep K, one row beyond a panel
        Shape(k: 16, n: 1531, m: 24, ldw: 16),      // wide plane, split by columns with 2 threads
        Shape(k: 96, n: 36, m: 200, ldw: 120),      // narrow plane, split by rows with 2 threads
    ]

    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(SyntheticWeights.uniform(tensor: seed, element: $0) * 2 - 1) }
    }

    static func reference(_ s: Shape, input: [Float], weights: [Float], bias: [Float], activation: SupernetActivation?,
                          residual: [Float]?) -> [Float] {
        var output = [Float](repeating: 0, count: s.m * s.n)
        for row in 0..<s.m {
            for column in 0..<s.n {
                var sum = Double(bias[row])
                for index in 0..<s.k { sum += Double(weights[row * s.ldw + index]) * Double(input[index * s.n + column]) }
                let x = Float(sum)
                var value: Float = switch activation {
                case nil: x
                case .relu?: max(x, 0)
                case .hardSwish?: x * min(max(x + 3, 0), 6) / 6
                }
                if let residual { value += residual[row * s.n + column] }
                output[row * s.n + column] = value
            }
        }
        return output
    }

    @Test(arguments: shapes, [1, 2])
    func matchesNaiveConvolution(shape s: Shape, threads: Int) {
        let input = Self.values(s.k * s.n, seed: 1)
        // A wider matrix than used: the kernel must read only the leading `m` rows and `k` columns.
        let weights = Self.values((s.m + 3) * s.ldw, seed: 2)
        let bias = Self.values(s.m + 3, seed: 3).map { $0 * 3 }
        let residual = Self.values(s.m * s.n, seed: 4)
        for activation in [nil, .relu, .hardSwish] as [SupernetActivation?] {
            for withResidual in [false, true] {
                let expected = Self.reference(s, input: input, weights: weights, bias: bias, activation: activation,
                                              residual: withResidual ? residual : nil)
                // One float past the end is a sentinel the kernel must not touch.
                var output = [Float](repeating: .nan, count: s.m * s.n + 1)
                output[s.m * s.n] = 12345
                residual.withUnsafeBufferPointer { residualBuffer in
                    DirectPointwise.run(
                        input: input, inputChannels: s.k, spatial: s.n, weights: weights, weightRowStride: s.ldw,
                        outputChannels: s.m, bias: bias, activation: activation,
                        residual: withResidual ? residualBuffer.baseAddress : nil, output: &output, threads: threads)
                }
                let error = zip(expected, output).map { abs($0 - $1) }.max() ?? .infinity
                #expect(error <= 1e-5, "\(s) \(String(describing: activation)) residual=\(withResidual): \(error)")
                #expect(output[s.m * s.n] == 12345, "\(s): wrote past the output")
                #expect(!output.prefix(s.m * s.n).contains { $0.isNaN }, "\(s): left outputs unwritten")
            }
        }
    }

    /// Writing into the depthwise input layout gives exactly the plain output passed through the padding pass,
    /// border zeros included (the buffer starts as NaN), for both layouts and odd sizes.
    @Test(arguments: [16, 17, 23, 34], [false, true])
    func paddedOutputMatchesPaddingPass(size: Int, deinterleaved: Bool) {
        let k = 5, m = 11, ldw = 7
        let input = Self.values(k * size * size, seed: 5)
        let weights = Self.values(m * ldw, seed: 6)
        let bias = Self.values(m, seed: 7)
        let side = EngineKernels.paddedSide(size)
        var plain = [Float](repeating: 0, count: m * size * size)
        DirectPointwise.run(input: input, inputChannels: k, spatial: size * size, weights: weights,
                            weightRowStride: ldw, outputChannels: m, bias: bias, activation: .hardSwish,
                            residual: nil, output: &plain, threads: 1)
        var expected = [Float](repeating: .nan, count: m * side * side + 64)
        EngineKernels.activateIntoPadded(plain, channels: m, size: size, bias: nil, activation: nil,
                                         padded: &expected, deinterleaved: deinterleaved, threads: 1)
        for threads in [1, 2] {
            var padded = [Float](repeating: .nan, count: m * side * side + 64)
            DirectPointwise.runIntoPadded(input: input, inputChannels: k, size: size, weights: weights,
                                          weightRowStride: ldw, outputChannels: m, bias: bias,
                                          activation: .hardSwish, padded: &padded, deinterleaved: deinterleaved,
                                          threads: threads)
            let used = m * side * side
            let error = zip(expected.prefix(used), padded.prefix(used)).map { abs($0 - $1) }.max() ?? .infinity
            let label = "size \(size) deinterleaved \(deinterleaved) threads \(threads): \(error)"
            #expect(error <= 1e-6, "\(label)")
            let untouchedTail = padded.suffix(64).allSatisfy { $0.isNaN }
            #expect(untouchedTail, "wrote past the planes")
        }
    }

    /// The depthwise kernel's fused pool equals the mean of its output planes.
    @Test func depthwisePoolMatchesGlobalAveragePool() {
        let channels = 9, size = 13, k = 5
        let side = EngineKernels.paddedSide(size)
        let image = Self.values(channels * size * size, seed: 8)
        var padded = [Float](repeating: 0, count: channels * side * side + 64)
        EngineKernels.activateIntoPadded(image, channels: channels, size: size, bias: nil, activation: nil,
                                         padded: &padded, threads: 1)
        let kernel = Self.values(channels * k * k, seed: 9)
        let bias = Self.values(channels, seed: 10)
        var output = [Float](repeating: 0, count: channels * size * size + 64)
        var pooled = [Float](repeating: .nan, count: channels)
        EngineKernels.depthwise(paddedInput: padded, channels: channels, size: size, kernel: kernel, kernelSize: k,
                                stride: 1, bias: bias, activation: .relu, output: &output, pooled: &pooled, threads: 1)
        var expected = [Float](repeating: 0, count: channels)
        Kernels.globalAveragePool(input: output, channels: channels, spatial: size * size, output: &expected)
        let error = zip(expected, pooled).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-5, "\(error)")
    }

    /// The head's and SE's vector × matrix kernel against a naive double-precision one (row tails, lane tails, a
    /// row stride wider than the input, with and without bias, each activation the engine uses, 1 and 2 threads).
    @Test(arguments: [(1, 1, 1), (37, 5, 40), (960, 1283, 960), (1280, 1000, 1296), (960, 240, 1152)], [1, 2])
    func directLinearMatchesNaive(shape: (inFeatures: Int, outFeatures: Int, stride: Int), threads: Int) {
        let (inFeatures, outFeatures, stride) = shape
        let input = Self.values(inFeatures, seed: 11)
        let weights = Self.values(outFeatures * stride, seed: 12)
        let bias = Self.values(outFeatures, seed: 13)
        let cases: [(Bool, Activation)] = [(false, .hardSwish), (true, .none), (true, .relu), (true, .hardSigmoid)]
        for (withBias, activation) in cases {
            var output = [Float](repeating: .nan, count: outFeatures)
            bias.withUnsafeBufferPointer { biasBuffer in
                DirectLinear.run(input: input, inFeatures: inFeatures, weights: weights, weightRowStride: stride,
                                 outFeatures: outFeatures, bias: withBias ? biasBuffer.baseAddress : nil,
                                 activation: activation, output: &output, threads: threads)
            }
            var worst: Float = 0
            for row in 0..<outFeatures {
                var sum = withBias ? Double(bias[row]) : 0
                for index in 0..<inFeatures { sum += Double(weights[row * stride + index]) * Double(input[index]) }
                let x = sum
                let expected: Double = switch activation {
                case .none: x
                case .relu: max(x, 0)
                case .hardSwish: x * min(max(x + 3, 0), 6) / 6
                case .hardSigmoid: min(max(x + 3, 0), 6) / 6
                default: .nan
                }
                let difference = abs(Float(expected) - output[row])
                if !(difference <= worst) { worst = difference }  // a NaN (unwritten output) sticks
            }
            #expect(worst <= 1e-4, "in \(inFeatures) out \(outFeatures) \(activation) threads \(threads): \(worst)")
        }
    }

    /// The engine with the direct kernel gives the logits of the OpenBLAS GEMM path (even and odd plane sizes).
    @Test(arguments: [(72, 1), (72, 2), (68, 2)])
    func engineMatchesGemmPath(resolution r: Int, threads: Int) throws {
        let config = try SubnetConfig(ks: (0..<20).map { [7, 3, 5][$0 % 3] }, e: (0..<20).map { [6, 3, 4][$0 % 3] },
                                      d: [4, 2, 3, 4, 3], r: r)
        let engine = try SupernetEngine(weights: SupernetEngineTests.weights, maxResolution: r, config: config,
                                        threadCount: threads)
        let image = SupernetEngineTests.image(r)
        let direct = try engine.infer(image, shape: [1, 3, r, r])
        engine.usesGemmPointwise = true
        let gemm = try engine.infer(image, shape: [1, 3, r, r])
        let scale = gemm.map(abs).max() ?? 1
        let error = zip(direct, gemm).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-4 * max(1, scale), "max |Δ| \(error) (logit scale \(scale))")
    }
}
