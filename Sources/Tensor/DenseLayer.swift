/// One fully-connected layer `y = activation(x · Wᵀ + b)` with PyTorch's `nn.Linear` layout.
public struct DenseLayer: Sendable, Equatable {
    /// `[outFeatures, inFeatures]`.
    public let weights: Tensor
    /// `[outFeatures]`.
    public let bias: Tensor
    public let activation: Activation

    public var inFeatures: Int { weights.shape[1] }
    public var outFeatures: Int { weights.shape[0] }

    /// - Throws: `TensorError.shapeMismatch` unless `weights` is 2-D and `bias` is `[weights.shape[0]]`.
    public init(weights: Tensor, bias: Tensor, activation: Activation) throws(TensorError) {
        guard weights.rank == 2 else {
            throw .shapeMismatch(context: "DenseLayer weights", expected: [-1, -1], actual: weights.shape)
        }
        guard bias.shape == [weights.shape[0]] else {
            throw .shapeMismatch(context: "DenseLayer bias", expected: [weights.shape[0]], actual: bias.shape)
        }
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// The layer applied to `input` of shape `[batch, inFeatures]`, giving `[batch, outFeatures]`.
    public func forward(_ input: Tensor) throws(TensorError) -> Tensor {
        guard input.rank == 2, input.shape[1] == inFeatures else {
            throw .shapeMismatch(context: "DenseLayer input", expected: [-1, inFeatures], actual: input.shape)
        }
        let batch = input.shape[0]
        var output = Tensor(shape: [batch, outFeatures])
        forward(input: input, batch: batch, into: &output)
        return output
    }

    func forward(input: Tensor, batch: Int, into output: inout Tensor) {
        let (inFeatures, outFeatures, activation) = (self.inFeatures, self.outFeatures, self.activation)
        input.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    output.withUnsafeMutableBufferPointer { y in
                        guard let xBase = x.baseAddress, let wBase = w.baseAddress, let yBase = y.baseAddress
                        else { return }
                        Kernels.linear(input: xBase, inFeatures: inFeatures, weights: wBase,
                                       weightRowStride: inFeatures, outFeatures: outFeatures,
                                       bias: b.baseAddress, activation: activation, output: yBase, batch: batch)
                    }
                }
            }
        }
    }
}
