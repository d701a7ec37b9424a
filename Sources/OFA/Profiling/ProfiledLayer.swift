/// One layer of the Dynamic-OFA per-layer latency model, as `tandem profile` measures it: the stem, the fixed first
/// block, one elastic block in one (kernel, expand) variant, or one of the four head layers.
///
/// Elastic blocks at stage positions 1, 2 and 3 have the same shapes and therefore the same layer key; a profile
/// measures position 1 and the key stands for all three (as in the Dynamic-OFA tables).
public enum ProfiledLayer: Hashable, Sendable, CustomStringConvertible {
    case stem
    case firstBlock
    /// Supernet block `index` (1...20) with depthwise kernel `kernelSize` and expand ratio `expandRatio`.
    case block(index: Int, kernelSize: Int, expandRatio: Int)
    /// 1×1 conv after the last stage (`Conv_1`).
    case finalExpand
    /// Global average pooling (`AvgPool2D`).
    case pool
    /// 1×1 conv after pooling (`Conv_2`).
    case featureMix
    /// The 1000-way linear layer (`Logits`).
    case classifier

    /// This layer's key in the Dynamic-OFA grammar (`LatencyTableKeys`) at `resolution` for `width`.
    public func key(resolution: Int, width: SupernetWidth) -> String {
        let layout = LatencyTableKeys.Layout(resolution: resolution, width: width)
        switch self {
        case .stem: return layout.stemKey
        case .firstBlock: return layout.firstBlockKey
        case let .block(index, kernelSize, expandRatio):
            return layout.blockKey(block: index, kernelSize: kernelSize, expandRatio: expandRatio)
        case .finalExpand: return layout.headKeys[0]
        case .pool: return layout.headKeys[1]
        case .featureMix: return layout.headKeys[2]
        case .classifier: return layout.headKeys[3]
        }
    }

    /// Every layer a complete table for one resolution needs, in forward order: stem, first block, for each stage
    /// its first and its second block in 3 kernels × 3 expand ratios, then the head (96 layers; their keys are
    /// exactly `LatencyTableKeys.requiredKeys`).
    public static var all: [ProfiledLayer] {
        var layers: [ProfiledLayer] = [.stem, .firstBlock]
        for stage in 0..<SubnetConfig.stageCount {
            for position in 0..<2 {
                for kernelSize in SubnetConfig.kernelSizes {
                    for expandRatio in SubnetConfig.expandRatios {
                        layers.append(.block(index: stage * SubnetConfig.blocksPerStage + position + 1,
                                             kernelSize: kernelSize, expandRatio: expandRatio))
                    }
                }
            }
        }
        return layers + [.finalExpand, .pool, .featureMix, .classifier]
    }

    /// The layers `config` runs, in forward order, each active block at its own supernet index.
    public static func layers(of config: SubnetConfig) -> [ProfiledLayer] {
        var layers: [ProfiledLayer] = [.stem, .firstBlock]
        for index in 1...SubnetConfig.elasticBlockCount where config.isActive(block: index) {
            layers.append(.block(index: index, kernelSize: config.ks[index - 1], expandRatio: config.e[index - 1]))
        }
        return layers + [.finalExpand, .pool, .featureMix, .classifier]
    }

    public var description: String {
        switch self {
        case .stem: "stem"
        case .firstBlock: "first block"
        case let .block(index, kernelSize, expandRatio): "block \(index) k\(kernelSize) e\(expandRatio)"
        case .finalExpand: "final expand"
        case .pool: "pool"
        case .featureMix: "feature mix"
        case .classifier: "classifier"
        }
    }
}
