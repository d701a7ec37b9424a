/// The supernet's weights in the form inference wants, computed once at load so that switching sub-networks
/// only picks slices: batch norm folded into every conv (w' = w·γ/√(σ²+ε) per output channel,
/// b' = β − μ·γ/√(σ²+ε)), and each elastic block's depthwise kernels for k = 7, 5 and 3 already transformed
/// (7 → 5 → 3 through the block's learned matrices, spec section 4.1) and folded.
///
/// Every array keeps the supernet's full (e = 6) size; a sub-network uses leading rows, and for matrices whose
/// columns shrink (point_linear, SE) a row stride equal to the full width, so nothing is ever copied.
/// The storage is owned here and never written after `init`.
final class PreparedSupernet {
    /// One elastic block's prepared tensors (pointers into `PreparedSupernet`'s storage).
    struct Block {
        let spec: ElasticBlockSpec
        /// [midMax, C_in], BN folded.
        let expandWeights: UnsafePointer<Float>
        let expandBias: UnsafePointer<Float>
        /// Depthwise kernels [midMax, k, k] for k = 3, 5, 7 (index by `kernelIndex`), transformed and BN folded.
        let depthwiseKernels: [UnsafePointer<Float>]
        let depthwiseBias: UnsafePointer<Float>
        /// SE reduce [seMax, midMax] + bias [seMax]; SE expand [midMax, seMax] + bias [midMax] (nil without SE).
        let squeezeWeights: UnsafePointer<Float>?
        let squeezeBias: UnsafePointer<Float>?
        let exciteWeights: UnsafePointer<Float>?
        let exciteBias: UnsafePointer<Float>?
        /// [C_out, midMax], BN folded.
        let projectWeights: UnsafePointer<Float>
        let projectBias: UnsafePointer<Float>

        static func kernelIndex(_ kernelSize: Int) -> Int { (kernelSize - 3) / 2 }
    }

    let architecture: SupernetArchitecture
    /// Stem [C_stem, 3, 3, 3] + bias, BN folded.
    let stemWeights: UnsafePointer<Float>
    let stemBias: UnsafePointer<Float>
    /// Block 0: depthwise [C_stem, 3, 3] and pointwise [C_first, C_stem], BN folded.
    let firstDepthwiseKernel: UnsafePointer<Float>
    let firstDepthwiseBias: UnsafePointer<Float>
    let firstPointwiseWeights: UnsafePointer<Float>
    let firstPointwiseBias: UnsafePointer<Float>
    let blocks: [Block]
    /// Final expand [FE, C_S5] + bias (BN folded); feature mix [LAST, FE] (no BN, no bias); classifier [1000, LAST].
    let finalExpandWeights: UnsafePointer<Float>
    let finalExpandBias: UnsafePointer<Float>
    let featureMixWeights: UnsafePointer<Float>
    let classifierWeights: UnsafePointer<Float>
    let classifierBias: UnsafePointer<Float>

    private var storage: [UnsafeMutablePointer<Float>] = []
    /// Floats held (for memory reporting).
    private(set) var floatCount = 0

    init(_ weights: SupernetWeights) {
        let a = weights.architecture
        architecture = a
        var storage: [UnsafeMutablePointer<Float>] = []
        var floatCount = 0
        func keep(_ values: [Float]) -> UnsafePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, values.count))
            values.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { pointer.update(from: base, count: values.count) }
            }
            storage.append(pointer)
            floatCount += values.count
            return UnsafePointer(pointer)
        }
        /// BN-folded weights (rows = output channels of `rowLength` values) and bias from a BN prefix.
        func folded(_ weightKey: String, bn prefix: String, rowLength: Int) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
            let (w, b) = Self.fold(weights.required(weightKey), rowLength: rowLength, bn: Self.batchNorm(weights, prefix))
            return (keep(w), keep(b))
        }

        (stemWeights, stemBias) = folded("first_conv.conv.weight", bn: "first_conv.bn", rowLength: 27)
        (firstDepthwiseKernel, firstDepthwiseBias) = folded(
            "blocks.0.mobile_inverted_conv.depth_conv.conv.weight",
            bn: "blocks.0.mobile_inverted_conv.depth_conv.bn", rowLength: 9)
        (firstPointwiseWeights, firstPointwiseBias) = folded(
            "blocks.0.mobile_inverted_conv.point_linear.conv.weight",
            bn: "blocks.0.mobile_inverted_conv.point_linear.bn", rowLength: a.stemChannels)

        var blocks: [Block] = []
        for spec in a.blocks {
            let p = SupernetStateDict.blockPrefix(spec.index)
            let mid = spec.maxMiddleChannels
            let (expandW, expandB) = folded("\(p).inverted_bottleneck.conv.conv.weight",
                                            bn: "\(p).inverted_bottleneck.bn.bn", rowLength: spec.inputChannels)
            let depthwiseBN = Self.batchNorm(weights, "\(p).depth_conv.bn.bn")
            let transformed = KernelTransform.allKernels(
                weights7: weights.required("\(p).depth_conv.conv.conv.weight"), channels: mid,
                matrix7to5: weights.required("\(p).depth_conv.conv.7to5_matrix"),
                matrix5to3: weights.required("\(p).depth_conv.conv.5to3_matrix"))
            var kernels: [UnsafePointer<Float>] = []
            var depthwiseBias: [Float] = []
            for (kernelSize, kernel) in zip([3, 5, 7], [transformed.k3, transformed.k5, transformed.k7]) {
                let (w, b) = Self.fold(kernel, rowLength: kernelSize * kernelSize, bn: depthwiseBN)
                kernels.append(keep(w))
                depthwiseBias = b
            }
            let (projectW, projectB) = folded("\(p).point_linear.conv.conv.weight",
                                              bn: "\(p).point_linear.bn.bn", rowLength: mid)
            let se = spec.hasSqueezeExcite
            blocks.append(Block(
                spec: spec, expandWeights: expandW, expandBias: expandB,
                depthwiseKernels: kernels, depthwiseBias: keep(depthwiseBias),
                squeezeWeights: se ? keep(weights.required("\(p).depth_conv.se.fc.reduce.weight")) : nil,
                squeezeBias: se ? keep(weights.required("\(p).depth_conv.se.fc.reduce.bias")) : nil,
                exciteWeights: se ? keep(weights.required("\(p).depth_conv.se.fc.expand.weight")) : nil,
                exciteBias: se ? keep(weights.required("\(p).depth_conv.se.fc.expand.bias")) : nil,
                projectWeights: projectW, projectBias: projectB))
        }
        self.blocks = blocks
        (finalExpandWeights, finalExpandBias) = folded("final_expand_layer.conv.weight", bn: "final_expand_layer.bn",
                                                       rowLength: a.lastStageChannels)
        featureMixWeights = keep(weights.required("feature_mix_layer.conv.weight"))
        classifierWeights = keep(weights.required("classifier.linear.weight"))
        classifierBias = keep(weights.required("classifier.linear.bias"))
        self.storage = storage
        self.floatCount = floatCount
    }

    deinit {
        for pointer in storage { pointer.deallocate() }
    }

    struct BatchNorm {
        let gamma, beta, mean, variance: [Float]
    }

    static func batchNorm(_ weights: SupernetWeights, _ prefix: String) -> BatchNorm {
        BatchNorm(gamma: weights.required("\(prefix).weight"), beta: weights.required("\(prefix).bias"),
                  mean: weights.required("\(prefix).running_mean"), variance: weights.required("\(prefix).running_var"))
    }

    /// Folds inference BN into the conv before it: each output row scaled by γ/√(σ²+ε); bias β − μ·γ/√(σ²+ε).
    /// Computed in double precision, then rounded once.
    static func fold(_ weights: [Float], rowLength: Int, bn: BatchNorm) -> (weights: [Float], bias: [Float]) {
        let rows = bn.gamma.count
        var folded = weights
        var bias = [Float](repeating: 0, count: rows)
        for row in 0..<rows {
            let scale = Double(bn.gamma[row]) / (Double(bn.variance[row]) + SupernetArchitecture.batchNormEpsilon).squareRoot()
            for column in 0..<rowLength {
                folded[row * rowLength + column] = Float(Double(weights[row * rowLength + column]) * scale)
            }
            bias[row] = Float(Double(bn.beta[row]) - Double(bn.mean[row]) * scale)
        }
        return (folded, bias)
    }
}
