import Testing
@testable import Tensor

@Suite("Kernels.globalAveragePool")
struct GlobalAveragePoolTests {
    @Test("matches the naive mean per channel", arguments: [(1, 1), (3, 49), (17, 7 * 7), (960, 49), (5, 113), (40, 784)])
    func means(channels: Int, spatial: Int) {
        var random = SeededRandom(seed: UInt64(channels * 1000 + spatial))
        let input = random.floats(channels * spatial, in: -2...3)
        var expected = Reference.Values(values: [], magnitudes: [])
        for channel in 0..<channels {
            let plane = input[(channel * spatial)..<((channel + 1) * spatial)].map(Double.init)
            expected.values.append(plane.reduce(0, +) / Double(spatial))
            expected.magnitudes.append(plane.map(abs).reduce(0, +) / Double(spatial))
        }
        let (one, two) = withOneAndTwoThreads { () -> [Float] in
            var output = [Float](repeating: .nan, count: channels)
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    Kernels.globalAveragePool(input: x.baseAddress!, channels: channels, spatial: spatial,
                                              output: y.baseAddress!)
                }
            }
            return output
        }
        expectClose(one, expected, "pool C\(channels) HW\(spatial)")
        #expect(one == two)
    }
}
