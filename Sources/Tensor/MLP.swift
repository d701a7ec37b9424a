/// A stack of dense layers run forward over a batch (the accuracy predictor, the policy networks).
public struct MLP: Sendable, Equatable {
    public let layers: [DenseLayer]

    /// - Throws: `TensorError.shapeMismatch` when a layer's input width differs from the previous output width.
    public init(layers: [DenseLayer]) throws(TensorError) {
        for (index, pair) in zip(layers, layers.dropFirst()).enumerated() where pair.0.outFeatures != pair.1.inFeatures {
            throw .shapeMismatch(context: "MLP layer \(index + 1) input", expected: [-1, pair.0.outFeatures],
                                 actual: [-1, pair.1.inFeatures])
        }
        self.layers = layers
    }

    public var inFeatures: Int? { layers.first?.inFeatures }
    public var outFeatures: Int? { layers.last?.outFeatures }

    /// The network applied to `input` of shape `[batch, inFeatures]`, giving `[batch, outFeatures]`.
    public func forward(_ input: Tensor) throws(TensorError) -> Tensor {
        var activations = input
        for layer in layers { activations = try layer.forward(activations) }
        return activations
    }

    /// The network applied to one sample of `inFeatures` values.
    public func forward(_ features: [Float]) throws(TensorError) -> [Float] {
        try forward(Tensor(shape: [1, features.count], values: features)).values
    }
}
