import Tensor

/// Runs any sub-network of the OFA MobileNetV3 supernet with the supernet's own weights, exactly as OFA's dynamic
/// forward does (spec sections 3–4), without copying weights when the sub-network changes.
///
/// * `init` prepares the weights once (BN folded, 7/5/3 kernels transformed; see `PreparedSupernet`) and allocates
///   every activation buffer for `maxResolution`.
/// * `activate(_:)` switches the sub-network: it fills a fixed-size plan of the active blocks (hidden widths,
///   kernel pointers, spatial sizes), touches no weight memory and allocates nothing.
/// * `infer(...)` runs a batch image by image through the preallocated buffers: no allocation per inference.
///
/// Elastic widths use leading rows of the full weight matrices and, where the columns shrink, the full row stride.
/// Not thread-safe: one engine serves one caller at a time (its kernels use `threadCount` threads).
public final class SupernetEngine {
    public let architecture: SupernetArchitecture
    /// The largest input resolution the buffers hold.
    public let maxResolution: Int
    /// The active sub-network.
    public private(set) var config: SubnetConfig
    /// Threads the engine's own kernels use. When OpenBLAS runs single-threaded (`Threading.threadCount == 1`)
    /// the engine also splits every pointwise GEMM into this many parts itself: on few cores that avoids
    /// OpenBLAS's spinning worker pool competing with the depthwise threads (see `BenchInferCommand`).
    public var threadCount: Int

    private let prepared: PreparedSupernet
    package let buffers: EngineBuffers
    /// One step per active elastic block, in order; `planCount` of the 20 slots are valid.
    private let plan: UnsafeMutablePointer<BlockStep>
    private var planCount = 0
    private var stemSize = 0
    private var finalSize = 0

    /// What one active elastic block runs with under the active config.
    package struct BlockStep {
        var block: Int
        var middleChannels: Int
        var squeezeChannels: Int
        var kernelSize: Int
        var kernel: UnsafePointer<Float>
        var inputSize: Int
        var outputSize: Int
    }

    /// Prepares `weights` and buffers for inputs up to `maxResolution` × `maxResolution`, and activates `config`
    /// (default: the largest sub-network at `maxResolution`).
    public init(weights: SupernetWeights, maxResolution: Int = 224, config: SubnetConfig? = nil,
                threadCount: Int = Threading.defaultThreadCount) throws(SupernetEngineError)
    {
        self.threadCount = max(1, threadCount)
        guard SubnetConfig.resolutionRange.contains(maxResolution) else {
            throw .resolutionAboveCapacity(resolution: maxResolution, maxResolution: SubnetConfig.resolutionRange.upperBound)
        }
        architecture = weights.architecture
        self.maxResolution = maxResolution
        prepared = PreparedSupernet(weights)
        buffers = EngineBuffers(architecture: weights.architecture, maxResolution: maxResolution)
        plan = UnsafeMutablePointer<BlockStep>.allocate(capacity: SubnetConfig.elasticBlockCount)
        let placeholder = BlockStep(block: 0, middleChannels: 0, squeezeChannels: 0, kernelSize: 3,
                                    kernel: prepared.firstDepthwiseKernel, inputSize: 0, outputSize: 0)
        plan.initialize(repeating: placeholder, count: SubnetConfig.elasticBlockCount)
        let initial = config ?? SubnetConfig.largest.at(resolution: maxResolution)
        self.config = initial
        try activate(initial)
    }

    deinit {
        plan.deinitialize(count: SubnetConfig.elasticBlockCount)
        plan.deallocate()
    }

    /// Switches to `config`. Touches no weight memory and allocates nothing; throws when the config's resolution
    /// exceeds the buffers (`maxResolution`).
    public func activate(_ config: SubnetConfig) throws(SupernetEngineError) {
        guard config.r <= maxResolution else {
            throw .resolutionAboveCapacity(resolution: config.r, maxResolution: maxResolution)
        }
        self.config = config
        var size = SupernetArchitecture.outputSize(config.r, stride: SupernetArchitecture.stemStride)
        stemSize = size
        var count = 0
        for block in prepared.blocks {
            let spec = block.spec
            guard config.isActive(block: spec.index) else { continue }
            let i = spec.index - 1
            let step = blockStep(index: spec.index, kernelSize: config.ks[i], expandRatio: config.e[i], inputSize: size)
            plan[count] = step
            let output = step.outputSize
            size = output
            count += 1
        }
        planCount = count
        finalSize = size
    }

    /// The input shape one image must have under the active config: [3, r, r].
    public var imageShape: [Int] { [SupernetArchitecture.inputChannels, config.r, config.r] }

    /// Runs `batch` CHW images (`input` holds batch · 3 · r · r floats, r = the active resolution) and writes
    /// `batch` · 1000 logits. Allocates nothing.
    public func infer(input: UnsafePointer<Float>, batch: Int, logits: UnsafeMutablePointer<Float>) {
        let imageCount = 3 * config.r * config.r
        for image in 0..<batch {
            forward(input + image * imageCount, logits: logits + image * architecture.classCount)
        }
    }

    /// Checked convenience: `input` of `shape` [N, 3, r, r] (r = the active resolution) → logits [N, 1000].
    public func infer(_ input: [Float], shape: [Int]) throws(SupernetEngineError) -> [Float] {
        let expected = [shape.first ?? 0] + imageShape
        guard shape.count == 4, shape == expected, shape[0] > 0, input.count == shape.reduce(1, *) else {
            throw .wrongInputShape(expected: ["N"] + imageShape.map(String.init),
                                   found: shape.map(String.init) + (input.count == shape.reduce(1, *) ? [] : ["(\(input.count) values)"]))
        }
        var logits = [Float](repeating: 0, count: shape[0] * architecture.classCount)
        input.withUnsafeBufferPointer { source in
            logits.withUnsafeMutableBufferPointer { target in
                if let inBase = source.baseAddress, let outBase = target.baseAddress {
                    infer(input: inBase, batch: shape[0], logits: outBase)
                }
            }
        }
        return logits
    }

    /// Identity of the activation buffers (their base addresses), for checking that nothing is reallocated.
    public var bufferAddresses: [UInt] { buffers.addresses }

    /// Floats held by the prepared weights.
    public var preparedWeightCount: Int { prepared.floatCount }

    // MARK: - Forward pass

    private func forward(_ image: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>) {
        let b = buffers
        runStem(image: image)
        runFirstBlock()
        var current = b.activationB
        var other = b.activationA
        for index in 0..<planCount {
            runBlock(plan[index], input: current, output: other)
            swap(&current, &other)
        }
        runFinalExpand(input: current)
        runPool()
        runFeatureMix()
        runClassifier(logits: logits)
    }

    // MARK: - Layers, in forward order (`forward` runs them all; the profiler's `LayerRunner` runs them one by one)

    /// Stem: 3×3 stride-2 conv (BN folded) + h-swish, image → A, at the active resolution.
    package func runStem(image: UnsafePointer<Float>) {
        let r = config.r
        if !usesGemmPointwise {
            DirectStem.run(image: image, size: r, weights: prepared.stemWeights, bias: prepared.stemBias,
                           channels: architecture.stemChannels, scratch: buffers.scratch, output: buffers.activationA,
                           threads: threadCount)
            return
        }
        Kernels.convolution(input: image, inputChannels: SupernetArchitecture.inputChannels, height: r, width: r,
                            weights: prepared.stemWeights, outputChannels: architecture.stemChannels, kernelSize: 3,
                            stride: 2, padding: 1, bias: prepared.stemBias, activation: .hardSwish,
                            scratch: buffers.scratch, output: buffers.activationA)
    }

    /// Block 0: depthwise 3×3 + ReLU, pointwise, + the stem's output: A → B.
    package func runFirstBlock() {
        let a = architecture
        let p = prepared
        let b = buffers
        EngineKernels.activateIntoPadded(b.activationA, channels: a.stemChannels, size: stemSize, bias: nil,
                                         activation: nil, padded: b.padded, threads: threadCount)
        EngineKernels.depthwise(paddedInput: b.padded, channels: a.stemChannels, size: stemSize,
                                kernel: p.firstDepthwiseKernel, kernelSize: 3, stride: 1, bias: p.firstDepthwiseBias,
                                activation: .relu, output: b.expanded, threads: threadCount)
        pointwise(input: b.expanded, inputChannels: a.stemChannels, spatial: stemSize * stemSize,
                  weights: p.firstPointwiseWeights, weightRowStride: a.stemChannels,
                  outputChannels: a.firstBlockChannels, bias: p.firstPointwiseBias, activation: nil,
                  residual: b.activationA, output: b.activationB)
    }

    /// The step of elastic block `index` (1...20) in one (kernel, expand) variant at an input of `inputSize`².
    package func blockStep(index: Int, kernelSize: Int, expandRatio: Int, inputSize: Int) -> BlockStep {
        let block = prepared.blocks[index - 1]
        let spec = block.spec
        return BlockStep(
            block: index - 1, middleChannels: spec.middleChannels(expandRatio: expandRatio),
            squeezeChannels: spec.squeezeChannels(expandRatio: expandRatio), kernelSize: kernelSize,
            kernel: block.depthwiseKernels[PreparedSupernet.Block.kernelIndex(kernelSize)],
            inputSize: inputSize, outputSize: SupernetArchitecture.outputSize(inputSize, stride: spec.stride))
    }

    /// Head, part 1: final expand (BN folded) + h-swish → the expanded buffer.
    package func runFinalExpand(input: UnsafePointer<Float>) {
        let a = architecture
        pointwise(input: input, inputChannels: a.lastStageChannels, spatial: finalSize * finalSize,
                  weights: prepared.finalExpandWeights, weightRowStride: a.lastStageChannels,
                  outputChannels: a.finalExpandChannels, bias: prepared.finalExpandBias, activation: .hardSwish,
                  residual: nil, output: buffers.expanded)
    }

    /// Head, part 2: global average pool of the expanded buffer.
    package func runPool() {
        Kernels.globalAveragePool(input: buffers.expanded, channels: architecture.finalExpandChannels,
                                  spatial: finalSize * finalSize, output: buffers.pooled)
    }

    /// Head, part 3: feature mix + h-swish.
    package func runFeatureMix() {
        let a = architecture
        if usesGemmPointwise {
            Kernels.linear(input: buffers.pooled, inFeatures: a.finalExpandChannels, weights: prepared.featureMixWeights,
                           weightRowStride: a.finalExpandChannels, outFeatures: a.featureMixChannels, bias: nil,
                           activation: .hardSwish, output: buffers.features)
        } else {
            DirectLinear.run(input: buffers.pooled, inFeatures: a.finalExpandChannels,
                             weights: prepared.featureMixWeights, weightRowStride: a.finalExpandChannels,
                             outFeatures: a.featureMixChannels, bias: nil, activation: .hardSwish,
                             output: buffers.features, threads: threadCount)
        }
    }

    /// Head, part 4: the classifier → logits.
    package func runClassifier(logits: UnsafeMutablePointer<Float>) {
        let a = architecture
        if usesGemmPointwise {
            Kernels.linear(input: buffers.features, inFeatures: a.featureMixChannels, weights: prepared.classifierWeights,
                           weightRowStride: a.featureMixChannels, outFeatures: a.classCount,
                           bias: prepared.classifierBias, activation: .none, output: logits)
        } else {
            DirectLinear.run(input: buffers.features, inFeatures: a.featureMixChannels,
                             weights: prepared.classifierWeights, weightRowStride: a.featureMixChannels,
                             outFeatures: a.classCount, bias: prepared.classifierBias, activation: .none, output: logits,
                             threads: threadCount)
        }
    }

    /// One elastic block: expand, depthwise, squeeze-and-excite, project (+ shortcut): input → output.
    package func runBlock(_ step: BlockStep, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let block = prepared.blocks[step.block]
        let spec = block.spec
        let b = buffers
        let mid = step.middleChannels
        let outArea = step.outputSize * step.outputSize

        let inArea = step.inputSize * step.inputSize
        let pooled = block.squeezeWeights == nil ? nil : b.pooled
        if usesGemmPointwise {
            // The reference path: GEMM + epilogue, a padding pass, then the depthwise conv, layer by layer.
            pointwise(input: input, inputChannels: spec.inputChannels, spatial: inArea, weights: block.expandWeights,
                      weightRowStride: spec.inputChannels, outputChannels: mid, bias: block.expandBias,
                      activation: spec.activation, residual: nil, output: b.expanded)
            EngineKernels.activateIntoPadded(b.expanded, channels: mid, size: step.inputSize, bias: nil,
                                             activation: nil, padded: b.padded, deinterleaved: spec.stride == 2,
                                             threads: threadCount)
            EngineKernels.depthwise(paddedInput: b.padded, channels: mid, size: step.inputSize, kernel: step.kernel,
                                    kernelSize: step.kernelSize, stride: spec.stride, bias: block.depthwiseBias,
                                    activation: spec.activation, output: b.depthwise, pooled: pooled,
                                    threads: threadCount)
        } else {
            // Expand and depthwise fused by groups of 8 hidden channels (one fork, hidden planes stay in cache).
            ExpandDepthwise.run(.init(
                input: input, inputChannels: spec.inputChannels, size: step.inputSize,
                expandWeights: block.expandWeights, expandRowStride: spec.inputChannels, expandBias: block.expandBias,
                middleChannels: mid, activation: spec.activation, kernel: step.kernel, kernelSize: step.kernelSize,
                stride: spec.stride, depthwiseBias: block.depthwiseBias, expanded: b.expanded, padded: b.padded,
                output: b.depthwise, pooled: pooled), threads: threadCount)
        }
        if let squeezeWeights = block.squeezeWeights, let exciteWeights = block.exciteWeights {
            let midMax = spec.maxMiddleChannels
            // b.pooled holds the depthwise output's channel means (computed by the depthwise kernel).
            if usesGemmPointwise {
                Kernels.linear(input: b.pooled, inFeatures: mid, weights: squeezeWeights, weightRowStride: midMax,
                               outFeatures: step.squeezeChannels, bias: block.squeezeBias, activation: .relu,
                               output: b.squeezed)
                Kernels.linear(input: b.squeezed, inFeatures: step.squeezeChannels, weights: exciteWeights,
                               weightRowStride: spec.maxSqueezeChannels, outFeatures: mid, bias: block.exciteBias,
                               activation: .hardSigmoid, output: b.gate)
            } else {
                DirectLinear.run(input: b.pooled, inFeatures: mid, weights: squeezeWeights, weightRowStride: midMax,
                                 outFeatures: step.squeezeChannels, bias: block.squeezeBias, activation: .relu,
                                 output: b.squeezed, threads: threadCount)
                DirectLinear.run(input: b.squeezed, inFeatures: step.squeezeChannels, weights: exciteWeights,
                                 weightRowStride: spec.maxSqueezeChannels, outFeatures: mid, bias: block.exciteBias,
                                 activation: .hardSigmoid, output: b.gate, threads: threadCount)
            }
            Kernels.scaleChannels(b.depthwise, channels: mid, spatial: outArea, scales: b.gate)
        }
        pointwise(input: b.depthwise, inputChannels: mid, spatial: outArea, weights: block.projectWeights,
                  weightRowStride: spec.maxMiddleChannels, outputChannels: spec.outputChannels,
                  bias: block.projectBias, activation: nil, residual: spec.hasShortcut ? input : nil, output: output)
    }

    /// Whether the engine splits GEMMs itself (OpenBLAS single-threaded) or leaves them to OpenBLAS's threads.
    private var splitGemm: Bool { threadCount > 1 && Threading.threadCount == 1 }

    /// Forces every 1×1 convolution through OpenBLAS GEMM plus an epilogue pass, the stem through im2col + GEMM,
    /// and the head's and SE's linear layers through `Kernels.linear` (the reference path, for comparisons in tests
    /// and measurements). Otherwise the engine uses `DirectPointwise` (measured as fast as or faster than sgemm +
    /// epilogue on this network's shapes, one thread) for every plane of 16 or more positions, for the expand convs
    /// writes the depthwise input's padded layout directly, and runs `DirectStem` and `DirectLinear`.
    var usesGemmPointwise = false

    /// 1×1 conv with the bias, activation and residual fused.
    private func pointwise(
        input: UnsafePointer<Float>, inputChannels: Int, spatial: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, outputChannels: Int, bias: UnsafePointer<Float>, activation: SupernetActivation?,
        residual: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
    ) {
        if usesGemmPointwise || spatial < DirectPointwise.narrowColumns {
            EngineKernels.pointwise(input: input, inputChannels: inputChannels, spatial: spatial, weights: weights,
                                    weightRowStride: weightRowStride, outputChannels: outputChannels, bias: bias,
                                    activation: activation, residual: residual, output: output,
                                    threads: threadCount, splitGemm: splitGemm)
        } else {
            DirectPointwise.run(input: input, inputChannels: inputChannels, spatial: spatial, weights: weights,
                                weightRowStride: weightRowStride, outputChannels: outputChannels, bias: bias,
                                activation: activation, residual: residual, output: output, threads: threadCount)
        }
    }
}

/// A sub-network or an input the engine cannot run; the description names what was expected and found.
public enum SupernetEngineError: Error, Equatable, CustomStringConvertible {
    case resolutionAboveCapacity(resolution: Int, maxResolution: Int)
    case wrongInputShape(expected: [String], found: [String])

    public var description: String {
        switch self {
        case let .resolutionAboveCapacity(resolution, maxResolution):
            "sub-network resolution \(resolution) exceeds the engine's buffers (max resolution \(maxResolution))"
        case let .wrongInputShape(expected, found):
            "input has shape [\(found.joined(separator: ", "))], expected [\(expected.joined(separator: ", "))]"
        }
    }
}
