import Testing
@testable import Tensor

@Suite("Activations")
struct ActivationTests {
    /// Values around every kink (−3, 0, 3, 6) plus random ones, at odd counts that exercise any vector tail.
    static func samples(count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        let kinks: [Float] = [-3, -2.9999, 0, -0, 1e-7, -1e-7, 3, 2.9999, 6, 6.0001, 9, -9]
        return Array((kinks + random.floats(count, in: -8...8)).prefix(count))
    }

    @Test("in-place kernels match PyTorch's definitions", arguments: Activation.allCases, [1, 7, 16, 33, 1001])
    func inPlace(activation: Activation, count: Int) {
        let input = Self.samples(count: count, seed: UInt64(count))
        var data = input
        data.withUnsafeMutableBufferPointer { buffer in
            switch activation {
            case .relu: Kernels.relu(buffer.baseAddress!, count: count)
            case .relu6: Kernels.relu6(buffer.baseAddress!, count: count)
            case .hardSwish: Kernels.hardSwish(buffer.baseAddress!, count: count)
            case .hardSigmoid: Kernels.hardSigmoid(buffer.baseAddress!, count: count)
            default: activation.apply(to: buffer.baseAddress!, count: count)
            }
        }
        let expected = input.map { Reference.activate(activation.rawValue, Double($0)) }
        expectClose(data, exact(expected), "\(activation) over \(count)")
    }

    @Test("large buffers are split over threads with the same result", arguments: [Activation.relu6, .hardSwish])
    func threaded(activation: Activation) {
        let input = Self.samples(count: 200_003, seed: 11)
        let (one, two) = withOneAndTwoThreads { () -> [Float] in
            var data = input
            data.withUnsafeMutableBufferPointer { activation.apply(to: $0.baseAddress!, count: $0.count) }
            return data
        }
        expectClose(one, exact(input.map { Reference.activate(activation.rawValue, Double($0)) }), "\(activation)")
        #expect(one == two)
    }

    @Test("the scalar form agrees with the in-place kernel", arguments: Activation.allCases)
    func scalarForm(activation: Activation) {
        var data = Self.samples(count: 61, seed: 5)
        let scalar = data.map { activation($0) }
        data.withUnsafeMutableBufferPointer { activation.apply(to: $0.baseAddress!, count: $0.count) }
        expectClose(data, exact(scalar.map(Double.init)), "\(activation)")
    }

    @Test("known values")
    func knownValues() {
        #expect(Activation.hardSwish(3) == 3)
        #expect(Activation.hardSwish(-3) == 0)
        #expect(Activation.hardSwish(1) == Float(1.0 * 4.0 / 6.0))
        #expect(Activation.hardSigmoid(0) == 0.5)
        #expect(Activation.relu6(7) == 6)
        #expect(Activation.relu(-2) == 0)
    }
}
