import Tensor

/// Runs one layer of the supernet alone, with exactly the kernels and prepared weights `SupernetEngine` runs it
/// with, so that `tandem profile` can time layers one by one.
///
/// The calls mirror `SupernetEngine.forward`/`runBlock` line for line (same kernels, same buffers, same leading-row
/// slices of the prepared weights); `run(_:)` over a sub-network's layers in order reproduces the engine's logits
/// bit for bit, which the tests check, so this copy cannot drift from the engine unnoticed.
///
/// Isolated runs read block inputs from activation buffer A and write to B; `prime(resolution:)` first runs the
/// largest sub-network once so both buffers hold realistic activations.
final class LayerRunner {
    let architecture: SupernetArchitecture
    let maxResolution: Int
    private let prepared: PreparedSupernet
    private let buffers: EngineBuffers
    private let image: UnsafeMutablePointer<Float>
    private let logits: UnsafeMutablePointer<Float>
    /// The resolution the last `prime` or `run` used.
    private(set) var resolution: Int
    /// `SupernetEngine.threadCount`: threads of the engine's own kernels (and of its GEMM split when OpenBLAS
    /// runs single-threaded).
    var threadCount: Int

    init(weights: SupernetWeights, maxResolution: Int, threadCount: Int = Threading.defaultThreadCount)
        throws(ProfileError)
    {
        self.threadCount = max(1, threadCount)
        guard SubnetConfig.resolutionRange.contains(maxResolution) else {
            throw .badResolutions("\(maxResolution) is outside \(SubnetConfig.resolutionRange)")
        }
        architecture = weights.architecture
        self.maxResolution = maxResolution
        prepared = PreparedSupernet(weights)
        buffers = EngineBuffers(architecture: weights.architecture, maxResolution: maxResolution)
        let imageCount = SupernetArchitecture.inputChannels * maxResolution * maxResolution
        let image = UnsafeMutablePointer<Float>.allocate(capacity: imageCount)
        let values = SyntheticWeights.image(resolution: maxResolution)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { image.initialize(from: base, count: imageCount) }
        }
        self.image = image
        logits = .allocate(capacity: weights.architecture.classCount)
        logits.initialize(repeating: 0, count: weights.architecture.classCount)
        resolution = maxResolution
    }

    deinit {
        image.deallocate()
        logits.deallocate()
    }

    /// Runs the largest sub-network at `resolution` once, leaving realistic activations in every buffer.
    func prime(resolution: Int) {
        self.resolution = resolution
        _ = forward(layers: ProfiledLayer.layers(of: SubnetConfig.largest.at(resolution: resolution)))
    }

    /// Runs `layer` alone at the primed resolution.
    func run(_ layer: ProfiledLayer) {
        let b = buffers
        run(layer, input: b.activationA, output: b.activationB)
    }

    /// Runs `layers` in order as one forward pass (ping-pong between the activation buffers, like the engine)
    /// and returns the logits. `layers` must be a sub-network's layers (`ProfiledLayer.layers(of:)`).
    func forward(layers: [ProfiledLayer]) -> [Float] {
        let b = buffers
        var current = b.activationA
        var other = b.activationB
        for layer in layers {
            switch layer {
            case .stem, .finalExpand, .pool, .featureMix, .classifier:
                run(layer, input: current, output: other)
            case .firstBlock:
                // Block 0 reads A and adds its shortcut from A into B, as in the engine.
                run(layer, input: b.activationA, output: b.activationB)
                current = b.activationB
                other = b.activationA
            case .block:
                run(layer, input: current, output: other)
                swap(&current, &other)
            }
        }
        return Array(UnsafeBufferPointer(start: logits, count: architecture.classCount))
    }

    /// The spatial sizes at the current resolution.
    private var sizes: (stem: Int, blockInputs: [Int], final: Int) { architecture.spatialSizes(resolution: resolution) }

    private func run(_ layer: ProfiledLayer, input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let a = architecture
        let p = prepared
        let b = buffers
        let r = resolution
        switch layer {
        case .stem:
            // Stem: 3×3 stride-2 conv (BN folded) + h-swish → A.
            Kernels.convolution(input: image, inputChannels: SupernetArchitecture.inputChannels, height: r, width: r,
                                weights: p.stemWeights, outputChannels: a.stemChannels, kernelSize: 3, stride: 2,
                                padding: 1, bias: p.stemBias, activation: .hardSwish, scratch: b.scratch,
                                output: b.activationA)
        case .firstBlock:
            let stemSize = sizes.stem
            EngineKernels.activateIntoPadded(b.activationA, channels: a.stemChannels, size: stemSize, bias: nil,
                                             activation: nil, padded: b.padded, threads: threadCount)
            EngineKernels.depthwise(paddedInput: b.padded, channels: a.stemChannels, size: stemSize,
                                    kernel: p.firstDepthwiseKernel, kernelSize: 3, stride: 1,
                                    bias: p.firstDepthwiseBias, activation: .relu, output: b.expanded,
                                    threads: threadCount)
            pointwise(input: b.expanded, inputChannels: a.stemChannels, spatial: stemSize * stemSize,
                      weights: p.firstPointwiseWeights, weightRowStride: a.stemChannels,
                      outputChannels: a.firstBlockChannels, bias: p.firstPointwiseBias, activation: nil,
                      residual: b.activationA, output: b.activationB)
        case let .block(index, kernelSize, expandRatio):
            runBlock(index: index, kernelSize: kernelSize, expandRatio: expandRatio, input: input, output: output)
        case .finalExpand:
            let finalSize = sizes.final
            pointwise(input: input, inputChannels: a.lastStageChannels, spatial: finalSize * finalSize,
                      weights: p.finalExpandWeights, weightRowStride: a.lastStageChannels,
                      outputChannels: a.finalExpandChannels, bias: p.finalExpandBias, activation: .hardSwish,
                      residual: nil, output: b.expanded)
        case .pool:
            let finalSize = sizes.final
            Kernels.globalAveragePool(input: b.expanded, channels: a.finalExpandChannels,
                                      spatial: finalSize * finalSize, output: b.pooled)
        case .featureMix:
            Kernels.linear(input: b.pooled, inFeatures: a.finalExpandChannels, weights: p.featureMixWeights,
                           weightRowStride: a.finalExpandChannels, outFeatures: a.featureMixChannels, bias: nil,
                           activation: .hardSwish, output: b.features)
        case .classifier:
            Kernels.linear(input: b.features, inFeatures: a.featureMixChannels, weights: p.classifierWeights,
                           weightRowStride: a.featureMixChannels, outFeatures: a.classCount,
                           bias: p.classifierBias, activation: .none, output: logits)
        }
    }

    /// `SupernetEngine.runBlock` for block `index` (1...20) in one (kernel, expand) variant.
    private func runBlock(index: Int, kernelSize: Int, expandRatio: Int, input: UnsafePointer<Float>,
                          output: UnsafeMutablePointer<Float>) {
        let block = prepared.blocks[index - 1]
        let spec = block.spec
        let b = buffers
        let inputSize = sizes.blockInputs[index - 1]
        let outputSize = SupernetArchitecture.outputSize(inputSize, stride: spec.stride)
        let mid = spec.middleChannels(expandRatio: expandRatio)
        let outArea = outputSize * outputSize
        let kernel = block.depthwiseKernels[PreparedSupernet.Block.kernelIndex(kernelSize)]

        let inArea = inputSize * inputSize
        if splitGemm {
            EngineKernels.pointwise(input: input, inputChannels: spec.inputChannels, spatial: inArea,
                                    weights: block.expandWeights, weightRowStride: spec.inputChannels,
                                    outputChannels: mid, bias: block.expandBias, activation: spec.activation,
                                    residual: nil, output: b.expanded, threads: threadCount, splitGemm: true)
        } else {
            Kernels.gemm(m: mid, n: inArea, k: spec.inputChannels, a: block.expandWeights, lda: spec.inputChannels,
                         b: input, ldb: inArea, c: b.expanded, ldc: inArea)
        }
        EngineKernels.activateIntoPadded(b.expanded, channels: mid, size: inputSize,
                                         bias: splitGemm ? nil : block.expandBias,
                                         activation: splitGemm ? nil : spec.activation, padded: b.padded,
                                         deinterleaved: spec.stride == 2, threads: threadCount)
        EngineKernels.depthwise(paddedInput: b.padded, channels: mid, size: inputSize, kernel: kernel,
                                kernelSize: kernelSize, stride: spec.stride, bias: block.depthwiseBias,
                                activation: spec.activation, output: b.depthwise, threads: threadCount)
        if let squeezeWeights = block.squeezeWeights, let exciteWeights = block.exciteWeights {
            let squeeze = spec.squeezeChannels(expandRatio: expandRatio)
            Kernels.globalAveragePool(input: b.depthwise, channels: mid, spatial: outArea, output: b.pooled)
            Kernels.linear(input: b.pooled, inFeatures: mid, weights: squeezeWeights,
                           weightRowStride: spec.maxMiddleChannels, outFeatures: squeeze, bias: block.squeezeBias,
                           activation: .relu, output: b.squeezed)
            Kernels.linear(input: b.squeezed, inFeatures: squeeze, weights: exciteWeights,
                           weightRowStride: spec.maxSqueezeChannels, outFeatures: mid, bias: block.exciteBias,
                           activation: .hardSigmoid, output: b.gate)
            Kernels.scaleChannels(b.depthwise, channels: mid, spatial: outArea, scales: b.gate)
        }
        pointwise(input: b.depthwise, inputChannels: mid, spatial: outArea, weights: block.projectWeights,
                  weightRowStride: spec.maxMiddleChannels, outputChannels: spec.outputChannels,
                  bias: block.projectBias, activation: nil, residual: spec.hasShortcut ? input : nil, output: output)
    }

    /// `SupernetEngine.splitGemm`: the engine splits GEMMs itself when OpenBLAS runs single-threaded.
    private var splitGemm: Bool { threadCount > 1 && Threading.threadCount == 1 }

    /// `SupernetEngine.pointwise`.
    private func pointwise(
        input: UnsafePointer<Float>, inputChannels: Int, spatial: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, outputChannels: Int, bias: UnsafePointer<Float>, activation: SupernetActivation?,
        residual: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
    ) {
        EngineKernels.pointwise(input: input, inputChannels: inputChannels, spatial: spatial, weights: weights,
                                weightRowStride: weightRowStride, outputChannels: outputChannels, bias: bias,
                                activation: activation, residual: residual, output: output, threads: threadCount,
                                splitGemm: splitGemm)
    }
}
