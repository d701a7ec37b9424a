import Testing
@testable import Tensor

@Suite("Kernels.linear")
struct LinearTests {
    @Test("matches the naive batched x·Wᵀ + b, with a wider stored weight matrix", arguments: 0..<14)
    func randomShapes(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 9)
        let batch = [1, 3, 7, 32][seed % 4]
        let inFeatures = seed == 13 ? 1280 : random.int(in: 1...47)
        let outFeatures = seed == 13 ? 1000 : random.int(in: 1...39)
        let rowStride = inFeatures + (seed % 2 == 1 ? random.int(in: 1...9) : 0)
        let activation = Activation.allCases[seed % Activation.allCases.count]
        let input = random.floats(batch * inFeatures)
        let weights = random.floats(outFeatures * rowStride)
        let bias: [Float]? = seed % 3 == 1 ? nil : random.floats(outFeatures)

        var expected = Reference.Values(values: [], magnitudes: [])
        for b in 0..<batch {
            for o in 0..<outFeatures {
                var sum = Double(bias?[o] ?? 0), magnitude = abs(sum)
                for i in 0..<inFeatures {
                    let term = Double(input[b * inFeatures + i]) * Double(weights[o * rowStride + i])
                    sum += term
                    magnitude += abs(term)
                }
                expected.values.append(Reference.activate(activation.rawValue, sum))
                expected.magnitudes.append(magnitude)
            }
        }
        let (one, two) = withOneAndTwoThreads { () -> [Float] in
            var output = [Float](repeating: .nan, count: batch * outFeatures)
            input.withUnsafeBufferPointer { x in
                weights.withUnsafeBufferPointer { w in
                    output.withUnsafeMutableBufferPointer { y in
                        withOptionalPointer(bias) { b in
                            Kernels.linear(input: x.baseAddress!, inFeatures: inFeatures, weights: w.baseAddress!,
                                           weightRowStride: rowStride, outFeatures: outFeatures, bias: b,
                                           activation: activation, output: y.baseAddress!, batch: batch)
                        }
                    }
                }
            }
            return output
        }
        expectClose(one, expected, "linear \(batch)×\(inFeatures)→\(outFeatures) \(activation)")
        #expect(one == two)
    }
}
