import Tensor

/// The activation buffers of `SupernetEngine`, sized once for the largest feature maps any sub-network of the
/// architecture produces at `maxResolution` (spatial sizes grow with the resolution, so that bound holds for
/// every smaller one) and never reallocated.
package final class EngineBuffers {
    /// Ping-pong block inputs/outputs (stem output, block outputs).
    package let activationA: UnsafeMutablePointer<Float>
    package let activationB: UnsafeMutablePointer<Float>
    /// Expanded hidden maps (inverted bottleneck output, block-0 depthwise output, final expand output).
    let expanded: UnsafeMutablePointer<Float>
    /// Depthwise outputs of elastic blocks.
    let depthwise: UnsafeMutablePointer<Float>
    /// Depthwise inputs with a zero border (`EngineKernels.border`) around every plane.
    let padded: UnsafeMutablePointer<Float>
    /// The stem conv's im2col columns (GEMM path) or its per-thread row copies (`DirectStem`).
    let scratch: UnsafeMutablePointer<Float>
    /// Pooled channels (SE input, head), SE hidden, SE gate, feature-mix output.
    let pooled: UnsafeMutablePointer<Float>
    let squeezed: UnsafeMutablePointer<Float>
    let gate: UnsafeMutablePointer<Float>
    let features: UnsafeMutablePointer<Float>

    private let all: [UnsafeMutablePointer<Float>]

    init(architecture a: SupernetArchitecture, maxResolution: Int) {
        let sizes = a.spatialSizes(resolution: maxResolution)
        let stemArea = sizes.stem * sizes.stem
        var activation = max(a.stemChannels, a.firstBlockChannels) * stemArea
        var expanded = a.stemChannels * stemArea
        var depthwise = 0
        var padded = a.stemChannels * EngineKernels.paddedSide(sizes.stem) * EngineKernels.paddedSide(sizes.stem)
        var midMax = 0
        var seMax = 0
        for block in a.blocks {
            let input = sizes.blockInputs[block.index - 1]
            let output = SupernetArchitecture.outputSize(input, stride: block.stride)
            activation = max(activation, block.outputChannels * output * output)
            expanded = max(expanded, block.maxMiddleChannels * input * input)
            depthwise = max(depthwise, block.maxMiddleChannels * output * output)
            padded = max(padded, block.maxMiddleChannels * EngineKernels.paddedSide(input) * EngineKernels.paddedSide(input))
            midMax = max(midMax, block.maxMiddleChannels)
            seMax = max(seMax, block.maxSqueezeChannels)
        }
        expanded = max(expanded, a.finalExpandChannels * sizes.final * sizes.final)
        let scratch = max(Kernels.convolutionScratchCountForStem(channels: SupernetArchitecture.inputChannels,
                                                                 resolution: maxResolution),
                          DirectStem.maximumParts * DirectStem.scratchCount(size: maxResolution))
        func make(_ count: Int) -> UnsafeMutablePointer<Float> {
            // A few floats of slack: the stride-2 depthwise loop loads whole vectors past a row's end.
            let capacity = count + 64
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
            pointer.initialize(repeating: 0, count: capacity)
            return pointer
        }
        activationA = make(activation)
        activationB = make(activation)
        self.expanded = make(expanded)
        self.depthwise = make(depthwise)
        self.padded = make(padded)
        self.scratch = make(scratch)
        pooled = make(max(midMax, a.finalExpandChannels))
        squeezed = make(seMax)
        gate = make(midMax)
        features = make(a.featureMixChannels)
        all = [activationA, activationB, self.expanded, self.depthwise, self.padded, self.scratch, pooled, squeezed, gate, features]
    }

    deinit {
        for pointer in all { pointer.deallocate() }
    }

    var addresses: [UInt] { all.map { UInt(bitPattern: $0) } }
}

extension Kernels {
    /// im2col floats of the stem conv (3×3, stride 2, padding 1) at a resolution.
    static func convolutionScratchCountForStem(channels: Int, resolution: Int) -> Int {
        convolutionScratchCount(inputChannels: channels, height: resolution, width: resolution, kernelSize: 3,
                                stride: 2, padding: 1)
    }
}
