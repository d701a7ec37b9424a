import Tensor

/// The first half of an inverted-residual block in one pass over groups of 8 hidden channels: the expand 1×1
/// conv (bias + activation fused) into the zero-bordered depthwise input, then the depthwise conv (bias +
/// activation fused, and the squeeze-and-excite pool when asked) of the same channels.
///
/// Done layer by layer, the expand conv of a large block writes all its hidden planes (up to 5 MB at 112 px)
/// before the depthwise conv reads them back, from memory; group by group, each group's planes (≤ 450 kB) are
/// still in the core's L2 cache when the depthwise conv reads them. And one fork-join per block half instead of
/// two (or three with a padding pass), with the groups claimed one by one so that a thread that starts late or
/// is preempted on a shared machine leaves its share to the other.
///
/// Results are those of `DirectPointwise` (into the padded layout, or plain + `EngineKernels.padChannels` for
/// images narrower than 16 columns) followed by `EngineKernels.depthwise`: every value is computed by the same
/// operations in the same order.
enum ExpandDepthwise {
    /// Hidden channels per group: one 8-row panel of the expand kernel.
    static let groupChannels = DirectPointwise.panelRows

    struct Operands {
        /// The block input [inputChannels, size, size].
        var input: UnsafePointer<Float>
        var inputChannels: Int
        var size: Int
        /// Expand weights [≥ middleChannels rows, expandRowStride], bias [middleChannels].
        var expandWeights: UnsafePointer<Float>
        var expandRowStride: Int
        var expandBias: UnsafePointer<Float>
        var middleChannels: Int
        var activation: SupernetActivation
        /// Depthwise kernels [middleChannels, k, k], bias [middleChannels].
        var kernel: UnsafePointer<Float>
        var kernelSize: Int
        var stride: Int
        var depthwiseBias: UnsafePointer<Float>
        /// Plain expand output [middleChannels, size²], used only for images narrower than 16 columns.
        var expanded: UnsafeMutablePointer<Float>
        /// Depthwise input planes with a zero border (`EngineKernels.paddedSide(size)²` each).
        var padded: UnsafeMutablePointer<Float>
        /// Depthwise output [middleChannels, outSize²] and, when non-nil, each plane's mean.
        var output: UnsafeMutablePointer<Float>
        var pooled: UnsafeMutablePointer<Float>?
    }

    static func run(_ o: Operands, threads: Int) {
        guard o.middleChannels > 0 else { return }
        let groups = (o.middleChannels + groupChannels - 1) / groupChannels
        let outSize = SupernetArchitecture.outputSize(o.size, stride: o.stride)
        let work = o.middleChannels * (o.size * o.size * o.inputChannels + outSize * outSize * o.kernelSize * o.kernelSize)
        let deinterleaved = o.stride == 2
        let direct = o.size >= DirectPointwise.narrowColumns
        let paddedLayer = DirectPointwise.paddedLayer(
            input: o.input, inputChannels: o.inputChannels, size: o.size, weights: o.expandWeights,
            weightRowStride: o.expandRowStride, outputChannels: o.middleChannels, bias: o.expandBias,
            activation: o.activation, padded: o.padded)
        let plainLayer = DirectPointwise.Layer(
            input: o.input, k: o.inputChannels, n: o.size * o.size, weights: o.expandWeights, ldw: o.expandRowStride,
            m: o.middleChannels, bias: o.expandBias, activation: o.activation, residual: nil, output: o.expanded,
            outputRowStride: o.size * o.size)
        // A local function, not a closure value: passed only as a non-escaping argument, it needs no heap context
        // (no allocation per inference).
        func group(_ index: Int) {
            let channels = (index * groupChannels)..<min(o.middleChannels, (index + 1) * groupChannels)
            if direct {
                paddedLayer.intoPadded(rows: channels, size: o.size, deinterleaved: deinterleaved)
            } else {
                plainLayer.compute(rows: channels, columns: 0..<(o.size * o.size))
                EngineKernels.padChannels(channels, o.expanded, size: o.size, bias: nil, activation: nil,
                                          padded: o.padded, deinterleaved: deinterleaved)
            }
            EngineKernels.depthwiseChannels(channels, paddedInput: o.padded, size: o.size, kernel: o.kernel,
                                            kernelSize: o.kernelSize, stride: o.stride, bias: o.depthwiseBias,
                                            activation: o.activation, output: o.output, pooled: o.pooled)
        }
        // Small blocks run on the calling thread: the hand-off would cost more than the second core saves.
        if threads <= 1 || work < 2 * DirectPointwise.minimumWorkPerThread {
            for index in 0..<groups { group(index) }
            return
        }
        EngineKernels.forEachPart(groups, threads: threads) { group($0) }
    }
}
