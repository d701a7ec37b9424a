import Testing
@testable import Tensor

@Suite("Kernels.add, scaleChannels, addBiasAndActivate")
struct ElementwiseTests {
    @Test("add accumulates element by element", arguments: [1, 15, 16, 17, 1003])
    func add(count: Int) {
        var random = SeededRandom(seed: UInt64(count))
        let addend = random.floats(count)
        var accumulator = random.floats(count)
        let expected = zip(addend, accumulator).map { Double($0) + Double($1) }
        addend.withUnsafeBufferPointer { a in
            accumulator.withUnsafeMutableBufferPointer { Kernels.add(a.baseAddress!, into: $0.baseAddress!, count: count) }
        }
        expectClose(accumulator, exact(expected), "add \(count)")
    }

    @Test("scaleChannels multiplies each plane by its scale", arguments: [(1, 1), (3, 17), (72, 784), (960, 49)])
    func scale(channels: Int, spatial: Int) {
        var random = SeededRandom(seed: UInt64(channels + spatial))
        let original = random.floats(channels * spatial)
        let scales = random.floats(channels, in: 0...1)
        let expected = original.indices.map { Double(original[$0]) * Double(scales[$0 / spatial]) }
        let (one, two) = withOneAndTwoThreads { () -> [Float] in
            var data = original
            scales.withUnsafeBufferPointer { s in
                data.withUnsafeMutableBufferPointer {
                    Kernels.scaleChannels($0.baseAddress!, channels: channels, spatial: spatial, scales: s.baseAddress!)
                }
            }
            return data
        }
        expectClose(one, exact(expected), "scale C\(channels)")
        #expect(one == two)
    }

    @Test("addBiasAndActivate adds the channel's bias then activates",
          arguments: Activation.allCases, [(11, 37), (96, 3137)])
    func biasAndActivation(activation: Activation, size: (channels: Int, spatial: Int)) {
        var random = SeededRandom(seed: 3)
        let (channels, spatial) = size
        let original = random.floats(channels * spatial, in: -5...5)
        let bias = random.floats(channels, in: -3...3)
        let expected = original.indices.map {
            Reference.activate(activation.rawValue, Double(original[$0]) + Double(bias[$0 / spatial]))
        }
        let (data, two) = withOneAndTwoThreads { () -> [Float] in
            var data = original
            bias.withUnsafeBufferPointer { b in
                data.withUnsafeMutableBufferPointer {
                    Kernels.addBiasAndActivate($0.baseAddress!, channels: channels, spatial: spatial,
                                               bias: b.baseAddress!, activation: activation)
                }
            }
            return data
        }
        #expect(data == two)
        // The bias sum rounds once in float32: allow for it through the magnitude.
        let magnitudes = original.indices.map { abs(Double(original[$0])) + abs(Double(bias[$0 / spatial])) }
        expectClose(data, Reference.Values(values: expected, magnitudes: magnitudes), "bias+\(activation)")
    }
}
