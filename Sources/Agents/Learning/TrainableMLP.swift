import Tensor

/// A multilayer perceptron of dense layers whose parameters live in one flat array, so the optimiser, gradient
/// clipping, target-network copies and checkpoints all work on a single `[Float]`.
///
/// Layer `l` maps `inputCount` to `outputCount` values: `y = activation(W x + b)`, with `W` stored row-major as
/// `outputCount × inputCount` (PyTorch's `nn.Linear` layout) at `weightOffset`, followed by `b` at `biasOffset`.
/// Batched passes go through `Kernels.gemm` (OpenBLAS); the single-observation pass used for acting goes through
/// `Kernels.linear` one layer at a time, exactly as `PolicyRuntime` does, so the exported policy acts exactly like
/// the agent. (Tensor's `MLP` is the inference-only twin; this one learns.)
public struct TrainableMLP: Codable, Equatable, Sendable {
    /// Where one layer's parameters sit in `parameters`, and its activation.
    public struct Layer: Codable, Equatable, Sendable {
        public let inputCount: Int
        public let outputCount: Int
        public let activation: Activation
        public let weightOffset: Int
        public var biasOffset: Int { weightOffset + inputCount * outputCount }
    }

    public let layers: [Layer]
    /// Every weight and bias, layer after layer.
    public var parameters: [Float]

    public var inputCount: Int { layers[0].inputCount }
    public var outputCount: Int { layers[layers.count - 1].outputCount }
    public var widestLayer: Int { layers.map { max($0.inputCount, $0.outputCount) }.max() ?? 0 }

    /// A network with layer widths `sizes` (input first, output last; at least two entries, all positive).
    ///
    /// Weights are uniform in ±gain·√(3 / fan-in) (variance gain² / fan-in: He initialisation for ReLU with the
    /// default gain √2), biases zero. The output layer uses `outputGain` instead: CleanRL's 0.01 for a policy's
    /// logits keeps the first policy close to uniform, 1 suits a value or Q head.
    public init(sizes: [Int], hiddenActivation: Activation, outputActivation: Activation = .none,
                hiddenGain: Float = Float(2).squareRoot(), outputGain: Float = 1, random: inout RandomStream) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "TrainableMLP(sizes:): need ≥ 2 positive widths, got \(sizes)")
        var layers: [Layer] = []
        var offset = 0
        for index in 0..<(sizes.count - 1) {
            let isLast = index == sizes.count - 2
            layers.append(Layer(inputCount: sizes[index], outputCount: sizes[index + 1],
                                activation: isLast ? outputActivation : hiddenActivation, weightOffset: offset))
            offset += sizes[index] * sizes[index + 1] + sizes[index + 1]
        }
        self.layers = layers
        parameters = [Float](repeating: 0, count: offset)
        for (index, layer) in layers.enumerated() {
            let gain = index == layers.count - 1 ? outputGain : hiddenGain
            let bound = gain * (3 / Float(layer.inputCount)).squareRoot()
            for position in layer.weightOffset..<layer.biasOffset {
                parameters[position] = (random.nextFloat() * 2 - 1) * bound
            }
        }
    }

    /// The output for one observation, written to `output` (`outputCount` floats). `scratch` must hold
    /// `2 · widestLayer` floats. Allocates nothing.
    public func forward(single input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                        scratch: UnsafeMutablePointer<Float>) {
        parameters.withUnsafeBufferPointer { params in
            guard let base = params.baseAddress else { return }
            var source = input
            let width = widestLayer
            for (index, layer) in layers.enumerated() {
                let destination = index == layers.count - 1 ? output : scratch + (index % 2) * width
                Kernels.linear(input: source, inFeatures: layer.inputCount,
                               weights: base + layer.weightOffset, weightRowStride: layer.inputCount,
                               outFeatures: layer.outputCount, bias: base + layer.biasOffset,
                               activation: layer.activation, output: destination)
                source = UnsafePointer(destination)
            }
        }
    }

    /// The output for one observation (allocating convenience over `forward(single:output:scratch:)`).
    public func callAsFunction(_ input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: outputCount)
        var scratch = [Float](repeating: 0, count: 2 * widestLayer)
        input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { out in
                scratch.withUnsafeMutableBufferPointer { scr in
                    if let source = inputBuffer.baseAddress, let destination = out.baseAddress,
                       let scratchBase = scr.baseAddress {
                        forward(single: source, output: destination, scratch: scratchBase)
                    }
                }
            }
        }
        return output
    }

    /// The layers as inference code (Tensor's `MLP`, the policy file) holds them.
    public var denseLayers: [DenseLayer] {
        layers.map { layer in
            // The shapes match by construction, so these initialisers cannot throw.
            let weights = try? Tensor(shape: [layer.outputCount, layer.inputCount],
                                      values: Array(parameters[layer.weightOffset..<layer.biasOffset]))
            let bias = try? Tensor(shape: [layer.outputCount],
                                   values: Array(parameters[layer.biasOffset..<(layer.biasOffset + layer.outputCount)]))
            guard let weights, let bias,
                  let dense = try? DenseLayer(weights: weights, bias: bias, activation: layer.activation)
            else { preconditionFailure("TrainableMLP.denseLayers: inconsistent layer \(layer)") }
            return dense
        }
    }
}
