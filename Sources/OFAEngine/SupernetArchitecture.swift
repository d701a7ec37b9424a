/// The two published widths of the OFA MobileNetV3 supernet (`ofa_mbv3_d234_e346_k357_w1.0` / `_w1.2`).
public enum SupernetWidth: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
    case w1_0 = "1.0"
    case w1_2 = "1.2"

    /// The width multiplier applied to the base channel counts.
    public var multiplier: Double {
        switch self {
        case .w1_0: 1.0
        case .w1_2: 1.2
        }
    }

    /// Accepts "1.0", "1", "1.2", "w1.0", "w1.2".
    public init?(parsing text: String) {
        let trimmed = text.hasPrefix("w") ? String(text.dropFirst()) : text
        guard let value = Double(trimmed) else { return nil }
        self.init(multiplier: value)
    }

    /// The width whose multiplier equals `value` (within 1e-6).
    public init?(multiplier value: Double) {
        guard let match = Self.allCases.first(where: { abs($0.multiplier - value) < 1e-6 }) else { return nil }
        self = match
    }

    public var description: String { "w\(rawValue)" }
}

/// Activation functions used by the supernet (spec section 1).
public enum SupernetActivation: String, Hashable, Sendable {
    case relu
    /// x · relu6(x + 3) / 6
    case hardSwish
}

/// One elastic inverted-residual block (supernet blocks 1...20), with its largest (e = 6) hidden sizes.
public struct ElasticBlockSpec: Hashable, Sendable {
    /// Supernet block index, 1...20.
    public let index: Int
    /// Stage 0...4 (S1...S5).
    public let stage: Int
    /// Position 0...3 inside its stage; position 0 always runs.
    public let position: Int
    public let inputChannels: Int
    public let outputChannels: Int
    public let stride: Int
    public let activation: SupernetActivation
    public let hasSqueezeExcite: Bool
    /// Identity shortcut iff stride 1 and in == out (decided on the full supernet; spec section 2).
    public let hasShortcut: Bool

    /// The hidden width for an expand ratio: make_divisible(round(in · e), 8).
    public func middleChannels(expandRatio: Int) -> Int {
        SupernetArchitecture.makeDivisible(Double(inputChannels * expandRatio))
    }

    /// The SE hidden width for an expand ratio: make_divisible(mid // 4, 8); 0 when the block has no SE.
    public func squeezeChannels(expandRatio: Int) -> Int {
        guard hasSqueezeExcite else { return 0 }
        return SupernetArchitecture.makeDivisible(Double(middleChannels(expandRatio: expandRatio) / 4))
    }

    /// The allocated (e = 6) hidden width.
    public var maxMiddleChannels: Int { middleChannels(expandRatio: SubnetConfig.expandRatios.max() ?? 6) }
    /// The allocated SE hidden width (0 without SE).
    public var maxSqueezeChannels: Int { squeezeChannels(expandRatio: SubnetConfig.expandRatios.max() ?? 6) }
    /// The stored depthwise kernel size (the largest elastic kernel).
    public static let maxKernelSize = 7
}

/// The OFA MobileNetV3 supernet's fixed structure for one width: the single source of truth for channel counts,
/// strides, activations and SE placement (spec section 2). Everything that depends on the sub-network config
/// (active blocks, hidden widths, kernel sizes, resolution) is derived from this plus a `SubnetConfig`.
public struct SupernetArchitecture: Hashable, Sendable {
    public let width: SupernetWidth
    /// 3×3 stride-2 stem conv output channels (h-swish).
    public let stemChannels: Int
    /// Fixed block 0 (depthwise 3×3 + pointwise, ReLU, shortcut) output channels.
    public let firstBlockChannels: Int
    /// Output width of stages S1...S5.
    public let stageWidths: [Int]
    /// 1×1 conv after the last stage (BN, h-swish).
    public let finalExpandChannels: Int
    /// 1×1 conv after global pooling (no BN, no bias, h-swish).
    public let featureMixChannels: Int
    /// Classifier outputs (ImageNet).
    public let classCount: Int
    /// Elastic blocks 1...20 in order (`blocks[i]` is supernet block i + 1).
    public let blocks: [ElasticBlockSpec]

    /// Base widths [stem, first block, S1...S5, final expand, feature mix] before the width multiplier (OFA code).
    public static let baseWidths = [16, 16, 24, 40, 80, 112, 160, 960, 1280]
    /// Stride of the first block of S1...S5; later blocks of a stage have stride 1.
    public static let stageStrides = [2, 2, 2, 1, 2]
    public static let stageActivations: [SupernetActivation] = [.relu, .relu, .hardSwish, .hardSwish, .hardSwish]
    public static let stageHasSqueezeExcite = [false, true, false, true, true]
    /// Stem conv: 3×3, stride 2, 3 input channels.
    public static let stemKernelSize = 3
    public static let stemStride = 2
    public static let inputChannels = 3
    /// Every BN in the network uses this epsilon (`set_bn_param(momentum=0.1, eps=1e-5)`).
    public static let batchNormEpsilon = 1e-5

    public static let w1_0 = SupernetArchitecture(width: .w1_0)
    public static let w1_2 = SupernetArchitecture(width: .w1_2)

    public static func of(_ width: SupernetWidth) -> SupernetArchitecture {
        switch width {
        case .w1_0: w1_0
        case .w1_2: w1_2
        }
    }

    public init(width: SupernetWidth) {
        self.width = width
        let widths = Self.baseWidths.map { Self.makeDivisible(Double($0) * width.multiplier) }
        stemChannels = widths[0]
        firstBlockChannels = widths[1]
        stageWidths = Array(widths[2...6])
        finalExpandChannels = widths[7]
        featureMixChannels = widths[8]
        classCount = 1000
        var blocks: [ElasticBlockSpec] = []
        var input = widths[1]
        for stage in 0..<SubnetConfig.stageCount {
            for position in 0..<SubnetConfig.blocksPerStage {
                let output = stageWidths[stage]
                let stride = position == 0 ? Self.stageStrides[stage] : 1
                blocks.append(ElasticBlockSpec(
                    index: blocks.count + 1, stage: stage, position: position,
                    inputChannels: input, outputChannels: output, stride: stride,
                    activation: Self.stageActivations[stage],
                    hasSqueezeExcite: Self.stageHasSqueezeExcite[stage],
                    hasShortcut: stride == 1 && input == output))
                input = output
            }
        }
        self.blocks = blocks
    }

    /// OFA's make_divisible (spec section 1): nearest multiple of `divisor` (halves up), at least `divisor`,
    /// bumped by one divisor when more than 10 % below `value`.
    public static func makeDivisible(_ value: Double, divisor: Int = 8) -> Int {
        let rounded = Int(value + Double(divisor) / 2) / divisor * divisor
        var result = max(divisor, rounded)
        if Double(result) < 0.9 * value { result += divisor }
        return result
    }

    /// Output size of a "same"-padded conv: (size − 1) / stride + 1.
    public static func outputSize(_ size: Int, stride: Int) -> Int {
        (size - 1) / stride + 1
    }

    /// The spatial size entering each elastic block (index 0 = block 1), the stem output and the final size,
    /// for an input resolution.
    public func spatialSizes(resolution: Int) -> (stem: Int, blockInputs: [Int], final: Int) {
        let stem = Self.outputSize(resolution, stride: Self.stemStride)
        var size = stem
        var inputs: [Int] = []
        for block in blocks {
            inputs.append(size)
            size = Self.outputSize(size, stride: block.stride)
        }
        return (stem, inputs, size)
    }

    /// Output channels of the last stage (input of the final expand layer).
    public var lastStageChannels: Int { stageWidths[stageWidths.count - 1] }
}
