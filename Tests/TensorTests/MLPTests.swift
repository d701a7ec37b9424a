import Testing
@testable import Tensor

@Suite("DenseLayer and MLP")
struct MLPTests {
    static func layer(_ inFeatures: Int, _ outFeatures: Int, _ activation: Activation,
                      _ random: inout SeededRandom) throws -> DenseLayer {
        try DenseLayer(weights: Tensor(shape: [outFeatures, inFeatures], values: random.floats(outFeatures * inFeatures)),
                       bias: Tensor(shape: [outFeatures], values: random.floats(outFeatures)), activation: activation)
    }

    @Test("forward over a batch matches a naive layer-by-layer evaluation", arguments: [1, 5, 64])
    func forward(batch: Int) throws {
        var random = SeededRandom(seed: UInt64(batch))
        let mlp = try MLP(layers: [Self.layer(13, 40, .relu, &random), Self.layer(40, 31, .tanh, &random),
                                   Self.layer(31, 3, .none, &random)])
        let input = try Tensor(shape: [batch, 13], values: random.floats(batch * 13, in: -2...2))
        let output = try mlp.forward(input)
        #expect(output.shape == [batch, 3])

        var expected = input.values.map(Double.init)
        var width = 13
        for layer in mlp.layers {
            var next: [Double] = []
            for b in 0..<batch {
                for o in 0..<layer.outFeatures {
                    var sum = Double(layer.bias[o])
                    for i in 0..<width { sum += expected[b * width + i] * Double(layer.weights[o, i]) }
                    next.append(Reference.activate(layer.activation.rawValue, sum))
                }
            }
            expected = next
            width = layer.outFeatures
        }
        // Three layers of float32 rounding on values of order 1–10: a looser, still tight, absolute bound.
        for (got, want) in zip(output.values, expected) { #expect(abs(Double(got) - want) <= 1e-4 * max(1, abs(want))) }

        // One sample alone gives the first row (BLAS may sum in another order for other batch sizes).
        let single = try mlp.forward(Array(input.values.prefix(13)))
        for (got, want) in zip(single, expected.prefix(3)) { #expect(abs(Double(got) - want) <= 1e-4 * max(1, abs(want))) }
    }

    @Test("shape errors are thrown, not trapped")
    func shapeErrors() throws {
        var random = SeededRandom(seed: 1)
        #expect(throws: TensorError.self) {
            try DenseLayer(weights: Tensor(shape: [3, 2]), bias: Tensor(shape: [2]), activation: .none)
        }
        #expect(throws: TensorError.self) {
            try DenseLayer(weights: Tensor(shape: [6]), bias: Tensor(shape: [6]), activation: .none)
        }
        #expect(throws: TensorError.self) {
            try MLP(layers: [Self.layer(4, 5, .relu, &random), Self.layer(6, 2, .none, &random)])
        }
        let mlp = try MLP(layers: [Self.layer(4, 5, .relu, &random)])
        #expect(throws: TensorError.self) { try mlp.forward(Tensor(shape: [2, 3])) }
        #expect(throws: TensorError.self) { try mlp.forward([1, 2, 3]) }
    }
}
