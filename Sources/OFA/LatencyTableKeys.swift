/// The layer-key grammar of the Dynamic-OFA latency lookup tables (spec section 11), for any width multiplier.
///
/// Shapes are H×W×C. Keys:
/// * `Conv-input:{r}x{r}x3-output:{f}x{f}x{stem}` with f = (r+1)/2 (the stem);
/// * `expanded_conv-input:{H}x{H}x{Cin}-output:{H'}x{H'}x{Cout}-expand:{mid}-kernel:{k}-stride:{s}-idskip:{0|1}-se:{0|1}-hs:{0|1}`
///   for the first block (expand = its width, kernel 3, stride 1, idskip 1) and every elastic block
///   (mid = Cin·e, H' = (H−1)/s + 1, idskip = 1 for non-first blocks of a stage, se for S2/S4/S5, hs for S3–S5);
/// * `Conv_1-input:{h}x{h}x{C5}-output:{h}x{h}x{final}`, `AvgPool2D-input:{h}x{h}x{final}-output:1x1x{final}`,
///   `Conv_2-input:1x1x{final}-output:1x1x{mix}`, `Logits-input:1x1x{mix}-output:1000` (the head).
///
/// The Dynamic-OFA tables are for the w1.2 supernet; our own profiles may be for either width.
public enum LatencyTableKeys {

    /// The keys of the layers a sub-network runs, in forward order (stem, first block, active blocks, head).
    public static func keys(for config: SubnetConfig, width: SupernetWidth) -> [String] {
        let layout = Layout(resolution: config.r, width: width)
        var keys = [layout.stemKey, layout.firstBlockKey]
        for block in 1...SubnetConfig.elasticBlockCount where config.isActive(block: block) {
            keys.append(layout.blockKey(block: block, kernelSize: config.ks[block - 1], expandRatio: config.e[block - 1]))
        }
        return keys + layout.headKeys
    }

    /// Every key a complete table for one resolution must hold: 5 fixed layers, the first block and
    /// 5 stages × {first, later} × 3 kernels × 3 expand ratios (96 keys).
    public static func requiredKeys(resolution: Int, width: SupernetWidth) -> [String] {
        let layout = Layout(resolution: resolution, width: width)
        var keys = [layout.stemKey, layout.firstBlockKey]
        for stage in 0..<SubnetConfig.stageCount {
            for position in 0..<2 {
                for kernel in SubnetConfig.kernelSizes {
                    for expand in SubnetConfig.expandRatios {
                        keys.append(layout.blockKey(block: stage * SubnetConfig.blocksPerStage + position + 1,
                                                    kernelSize: kernel, expandRatio: expand))
                    }
                }
            }
        }
        return keys + layout.headKeys
    }

    /// The stem key for a resolution, whose output channels identify the width multiplier of a table.
    public static func stemKey(resolution: Int, width: SupernetWidth) -> String {
        Layout(resolution: resolution, width: width).stemKey
    }

    /// Feature-map sizes and channels of every layer at one resolution.
    struct Layout {
        let resolution: Int
        let architecture: SupernetArchitecture
        let sizes: (stem: Int, blockInputs: [Int], final: Int)

        init(resolution: Int, width: SupernetWidth) {
            self.resolution = resolution
            architecture = SupernetArchitecture.of(width)
            sizes = architecture.spatialSizes(resolution: resolution)
        }

        var stemKey: String {
            "Conv-input:\(resolution)x\(resolution)x3-output:\(sizes.stem)x\(sizes.stem)x\(architecture.stemChannels)"
        }

        /// Block 0 is keyed as DOFA's table code writes it: expand = its width, kernel 3, stride 1, idskip 1.
        var firstBlockKey: String {
            let size = sizes.stem, a = architecture
            return Self.blockKey(inSize: size, outSize: size, inChannels: a.stemChannels,
                                 outChannels: a.firstBlockChannels, mid: a.stemChannels, kernel: 3, stride: 1,
                                 idskip: 1, se: 0, hs: 0)
        }

        func blockKey(block: Int, kernelSize: Int, expandRatio: Int) -> String {
            let spec = architecture.blocks[block - 1]
            let inSize = sizes.blockInputs[block - 1]
            return Self.blockKey(inSize: inSize, outSize: SupernetArchitecture.outputSize(inSize, stride: spec.stride),
                                 inChannels: spec.inputChannels, outChannels: spec.outputChannels,
                                 mid: spec.middleChannels(expandRatio: expandRatio), kernel: kernelSize,
                                 stride: spec.stride, idskip: spec.position == 0 ? 0 : 1,
                                 se: spec.hasSqueezeExcite ? 1 : 0, hs: spec.activation == .hardSwish ? 1 : 0)
        }

        var headKeys: [String] {
            let h = sizes.final, a = architecture
            return [
                "Conv_1-input:\(h)x\(h)x\(a.lastStageChannels)-output:\(h)x\(h)x\(a.finalExpandChannels)",
                "AvgPool2D-input:\(h)x\(h)x\(a.finalExpandChannels)-output:1x1x\(a.finalExpandChannels)",
                "Conv_2-input:1x1x\(a.finalExpandChannels)-output:1x1x\(a.featureMixChannels)",
                "Logits-input:1x1x\(a.featureMixChannels)-output:\(a.classCount)",
            ]
        }

        static func blockKey(inSize: Int, outSize: Int, inChannels: Int, outChannels: Int, mid: Int, kernel: Int,
                             stride: Int, idskip: Int, se: Int, hs: Int) -> String {
            "expanded_conv-input:\(inSize)x\(inSize)x\(inChannels)-output:\(outSize)x\(outSize)x\(outChannels)"
                + "-expand:\(mid)-kernel:\(kernel)-stride:\(stride)-idskip:\(idskip)-se:\(se)-hs:\(hs)"
        }
    }
}
