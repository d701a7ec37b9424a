import Tensor

extension TrainableMLP {
    /// Preallocated buffers for batched forward and backward passes of one `TrainableMLP` at a fixed batch size.
    ///
    /// `forward` keeps every layer's post-activation output, which is all backprop needs: ReLU's derivative is
    /// `y > 0`, tanh's is `1 − y²`. Matrix products go through `Kernels.gemm`:
    ///
    ///     Y  = X · Wᵀ + b          (batch × out)
    ///     dZ = dY ⊙ activation′(Y)
    ///     dW = dZᵀ · X             (out × in),   db = Σ_rows dZ,   dX = dZ · W   (batch × in)
    public final class Batch {
        public let batchSize: Int
        private let layers: [TrainableMLP.Layer]
        /// `activations[0]` is the input, `activations[l + 1]` the output of layer `l`; each `batchSize × width`.
        private var activations: [[Float]]
        private var deltaA: [Float]
        private var deltaB: [Float]

        public init(network: TrainableMLP, batchSize: Int) {
            self.batchSize = batchSize
            layers = network.layers
            activations = [[Float](repeating: 0, count: batchSize * network.inputCount)]
                + network.layers.map { [Float](repeating: 0, count: batchSize * $0.outputCount) }
            deltaA = [Float](repeating: 0, count: batchSize * network.widestLayer)
            deltaB = deltaA
        }

        /// The input rows (`batchSize × inputCount`), to fill before `forward`.
        public var input: [Float] {
            get { activations[0] }
            set {
                precondition(newValue.count == activations[0].count, "TrainableMLP.Batch.input: expected \(activations[0].count) floats")
                activations[0] = newValue
            }
        }

        /// Writes input row `row` from `values` (`inputCount` floats starting at `start`).
        public func setInput(row: Int, from values: [Float], start: Int = 0) {
            let width = layers[0].inputCount
            for column in 0..<width { activations[0][row * width + column] = values[start + column] }
        }

        /// The last forward pass's output (`batchSize × outputCount`).
        public var output: [Float] { activations[activations.count - 1] }

        /// Runs the network on `input`; the result is in `output`.
        public func forward(_ network: TrainableMLP) {
            network.parameters.withUnsafeBufferPointer { params in
                guard let base = params.baseAddress else { return }
                for (index, layer) in layers.enumerated() {
                    // Take the output buffer out of the array so reading the input row array does not overlap it.
                    var result: [Float] = []
                    swap(&result, &activations[index + 1])
                    activations[index].withUnsafeBufferPointer { source in
                        result.withUnsafeMutableBufferPointer { destination in
                            guard let sourceBase = source.baseAddress, let out = destination.baseAddress else { return }
                            Kernels.linear(input: sourceBase, inFeatures: layer.inputCount,
                                           weights: base + layer.weightOffset, weightRowStride: layer.inputCount,
                                           outFeatures: layer.outputCount, bias: base + layer.biasOffset,
                                           activation: layer.activation, output: out, batch: batchSize)
                        }
                    }
                    swap(&result, &activations[index + 1])
                }
            }
        }

        /// Backpropagates `outputGradient` (∂loss/∂output, `batchSize × outputCount`) through the last `forward`,
        /// adding ∂loss/∂parameters into `gradients` (laid out like `network.parameters`; zero it first for a fresh
        /// gradient).
        public func backward(_ network: TrainableMLP, outputGradient: [Float], gradients: inout [Float]) {
            precondition(outputGradient.count == batchSize * network.outputCount, "TrainableMLP.Batch.backward: gradient shape")
            precondition(gradients.count == network.parameters.count, "TrainableMLP.Batch.backward: gradients count")
            for index in 0..<outputGradient.count { deltaA[index] = outputGradient[index] }
            network.parameters.withUnsafeBufferPointer { params in
                gradients.withUnsafeMutableBufferPointer { grads in
                    guard let base = params.baseAddress, let gradBase = grads.baseAddress else { return }
                    for index in stride(from: layers.count - 1, through: 0, by: -1) {
                        let layer = layers[index]
                        let count = batchSize * layer.outputCount
                        // dZ = dY ⊙ activation′(Y), in place in deltaA.
                        activations[index + 1].withUnsafeBufferPointer { outputs in
                            switch layer.activation {
                            case .none: break
                            case .relu:
                                for position in 0..<count where outputs[position] <= 0 { deltaA[position] = 0 }
                            case .tanh:
                                for position in 0..<count {
                                    deltaA[position] *= 1 - outputs[position] * outputs[position]
                                }
                            default:
                                preconditionFailure("TrainableMLP.Batch.backward: activation \(layer.activation) has no derivative here")
                            }
                        }
                        for row in 0..<batchSize {
                            for column in 0..<layer.outputCount {
                                gradBase[layer.biasOffset + column] += deltaA[row * layer.outputCount + column]
                            }
                        }
                        deltaA.withUnsafeBufferPointer { delta in
                            activations[index].withUnsafeBufferPointer { inputs in
                                guard let deltaBase = delta.baseAddress, let inputBase = inputs.baseAddress else { return }
                                Kernels.gemm(transposeA: true, m: layer.outputCount, n: layer.inputCount, k: batchSize,
                                             a: deltaBase, lda: layer.outputCount,
                                             b: inputBase, ldb: layer.inputCount,
                                             beta: 1, c: gradBase + layer.weightOffset, ldc: layer.inputCount)
                                if index > 0 {
                                    deltaB.withUnsafeMutableBufferPointer { next in
                                        guard let nextBase = next.baseAddress else { return }
                                        Kernels.gemm(m: batchSize, n: layer.inputCount, k: layer.outputCount,
                                                     a: deltaBase, lda: layer.outputCount,
                                                     b: base + layer.weightOffset, ldb: layer.inputCount,
                                                     c: nextBase, ldc: layer.inputCount)
                                    }
                                }
                            }
                        }
                        swap(&deltaA, &deltaB)
                    }
                }
            }
        }
    }
}
