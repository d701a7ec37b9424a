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
    /// Channel widths of the supernet at a width multiplier: OFA's base widths through make_divisible(·, 8).
    struct Widths: Sendable {
        let stem: Int
        let firstBlock: Int
        let stages: [Int]
        let finalExpand: Int
        let featureMix: Int

        init(widthMultiplier: Double) {
            let base = [16, 16, 24, 40, 80, 112, 160, 960, 1280]
            let scaled = base.map { Self.makeDivisible(Double($0) * widthMultiplier, divisor: 8) }
            stem = scaled[0]
            firstBlock = scaled[1]
            stages = Array(scaled[2...6])
            finalExpand = scaled[7]
            featureMix = scaled[8]
        }

        /// OFA's make_divisible: round to the nearest multiple, but never lose more than 10 %.
        static func makeDivisible(_ value: Double, divisor: Int) -> Int {
            var rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
            if Double(rounded) < 0.9 * value { rounded += divisor }
            return rounded
        }
    }

    static let stageStrides = [2, 2, 2, 1, 2]
    static let stageSqueezeExcite = [false, true, false, true, true]
    static let stageHardSwish = [false, false, true, true, true]
    static let classCount = 1000

    /// The keys of the layers a sub-network runs, in forward order (stem, first block, active blocks, head).
    public static func keys(for config: SubnetConfig, widthMultiplier: Double) -> [String] {
        let layout = Layout(resolution: config.r, widthMultiplier: widthMultiplier)
        var keys = [layout.stemKey, layout.firstBlockKey]
        for block in 1...SubnetConfig.elasticBlockCount where config.isActive(block: block) {
            keys.append(layout.blockKey(block: block, kernelSize: config.ks[block - 1], expandRatio: config.e[block - 1]))
        }
        return keys + layout.headKeys
    }

    /// Every key a complete table for one resolution must hold: 5 fixed layers, the first block and
    /// 5 stages × {first, later} × 3 kernels × 3 expand ratios (96 keys).
    public static func requiredKeys(resolution: Int, widthMultiplier: Double) -> [String] {
        let layout = Layout(resolution: resolution, widthMultiplier: widthMultiplier)
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
    public static func stemKey(resolution: Int, widthMultiplier: Double) -> String {
        Layout(resolution: resolution, widthMultiplier: widthMultiplier).stemKey
    }

    /// Feature-map sizes and channels of every layer at one resolution.
    struct Layout {
        let resolution: Int
        let widths: Widths
        let stemSize: Int
        /// Input size of each stage's first block, and the size after the last stage.
        let stageInputSizes: [Int]
        let finalSize: Int

        init(resolution: Int, widthMultiplier: Double) {
            self.resolution = resolution
            widths = Widths(widthMultiplier: widthMultiplier)
            stemSize = (resolution + 1) / 2
            var size = stemSize
            var inputs: [Int] = []
            for stride in stageStrides {
                inputs.append(size)
                size = (size - 1) / stride + 1
            }
            stageInputSizes = inputs
            finalSize = size
        }

        var stemKey: String {
            "Conv-input:\(resolution)x\(resolution)x3-output:\(stemSize)x\(stemSize)x\(widths.stem)"
        }

        var firstBlockKey: String {
            let size = stemSize
            return Self.blockKey(inSize: size, outSize: size, inChannels: widths.stem, outChannels: widths.firstBlock,
                                 mid: widths.stem, kernel: 3, stride: 1, idskip: 1, se: 0, hs: 0)
        }

        func blockKey(block: Int, kernelSize: Int, expandRatio: Int) -> String {
            let stage = (block - 1) / SubnetConfig.blocksPerStage
            let isFirst = (block - 1) % SubnetConfig.blocksPerStage == 0
            let inChannels = isFirst ? (stage == 0 ? widths.firstBlock : widths.stages[stage - 1]) : widths.stages[stage]
            let stride = isFirst ? stageStrides[stage] : 1
            let inSize = isFirst ? stageInputSizes[stage] : (stageInputSizes[stage] - 1) / stageStrides[stage] + 1
            let outSize = (inSize - 1) / stride + 1
            return Self.blockKey(inSize: inSize, outSize: outSize, inChannels: inChannels,
                                 outChannels: widths.stages[stage], mid: inChannels * expandRatio, kernel: kernelSize,
                                 stride: stride, idskip: isFirst ? 0 : 1, se: stageSqueezeExcite[stage] ? 1 : 0,
                                 hs: stageHardSwish[stage] ? 1 : 0)
        }

        var headKeys: [String] {
            let h = finalSize, last = widths.stages[SubnetConfig.stageCount - 1]
            return [
                "Conv_1-input:\(h)x\(h)x\(last)-output:\(h)x\(h)x\(widths.finalExpand)",
                "AvgPool2D-input:\(h)x\(h)x\(widths.finalExpand)-output:1x1x\(widths.finalExpand)",
                "Conv_2-input:1x1x\(widths.finalExpand)-output:1x1x\(widths.featureMix)",
                "Logits-input:1x1x\(widths.featureMix)-output:\(LatencyTableKeys.classCount)",
            ]
        }

        static func blockKey(inSize: Int, outSize: Int, inChannels: Int, outChannels: Int, mid: Int, kernel: Int,
                             stride: Int, idskip: Int, se: Int, hs: Int) -> String {
            "expanded_conv-input:\(inSize)x\(inSize)x\(inChannels)-output:\(outSize)x\(outSize)x\(outChannels)"
                + "-expand:\(mid)-kernel:\(kernel)-stride:\(stride)-idskip:\(idskip)-se:\(se)-hs:\(hs)"
        }
    }
}
