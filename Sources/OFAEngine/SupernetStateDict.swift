/// The supernet's state-dict keys and shapes, in the order PyTorch's `state_dict()` lists them (spec section 5).
///
/// Keys use the **old** naming of the released checkpoints (`blocks.N.mobile_inverted_conv.…`); the current OFA
/// code's naming (`blocks.N.conv.…`) maps onto it with `canonicalKey(_:)`. The list includes the
/// `num_batches_tracked` slots (shape []) because the synthetic-weight generator numbers tensors by their position in
/// this list (spec section 9.1); they carry no values used at inference.
public struct SupernetStateDict: Sendable {
    /// One state-dict entry: its key (old naming), its position in the full list and its PyTorch shape.
    public struct Entry: Hashable, Sendable {
        public let key: String
        public let ordinal: Int
        public let shape: [Int]
        /// Number of elements (1 for a scalar).
        public var count: Int { shape.reduce(1, *) }
        /// `num_batches_tracked` counters: int64 scalars, unused at inference, optional in a weights file.
        public var isBatchCounter: Bool { key.hasSuffix(".num_batches_tracked") }
    }

    public let architecture: SupernetArchitecture
    /// All entries in state-dict order, including the `num_batches_tracked` counters.
    public let entries: [Entry]

    public init(_ architecture: SupernetArchitecture) {
        self.architecture = architecture
        var entries: [Entry] = []
        func add(_ key: String, _ shape: [Int]) {
            entries.append(Entry(key: key, ordinal: entries.count, shape: shape))
        }
        func batchNorm(_ prefix: String, _ channels: Int) {
            for name in ["weight", "bias", "running_mean", "running_var"] { add("\(prefix).\(name)", [channels]) }
            add("\(prefix).num_batches_tracked", [])
        }
        let a = architecture
        add("first_conv.conv.weight", [a.stemChannels, SupernetArchitecture.inputChannels, 3, 3])
        batchNorm("first_conv.bn", a.stemChannels)
        add("blocks.0.mobile_inverted_conv.depth_conv.conv.weight", [a.stemChannels, 1, 3, 3])
        batchNorm("blocks.0.mobile_inverted_conv.depth_conv.bn", a.stemChannels)
        add("blocks.0.mobile_inverted_conv.point_linear.conv.weight", [a.firstBlockChannels, a.stemChannels, 1, 1])
        batchNorm("blocks.0.mobile_inverted_conv.point_linear.bn", a.firstBlockChannels)
        for block in a.blocks {
            let p = Self.blockPrefix(block.index)
            let mid = block.maxMiddleChannels
            let k = ElasticBlockSpec.maxKernelSize
            add("\(p).inverted_bottleneck.conv.conv.weight", [mid, block.inputChannels, 1, 1])
            batchNorm("\(p).inverted_bottleneck.bn.bn", mid)
            add("\(p).depth_conv.conv.5to3_matrix", [9, 9])
            add("\(p).depth_conv.conv.7to5_matrix", [25, 25])
            add("\(p).depth_conv.conv.conv.weight", [mid, 1, k, k])
            batchNorm("\(p).depth_conv.bn.bn", mid)
            if block.hasSqueezeExcite {
                let se = block.maxSqueezeChannels
                add("\(p).depth_conv.se.fc.reduce.weight", [se, mid, 1, 1])
                add("\(p).depth_conv.se.fc.reduce.bias", [se])
                add("\(p).depth_conv.se.fc.expand.weight", [mid, se, 1, 1])
                add("\(p).depth_conv.se.fc.expand.bias", [mid])
            }
            add("\(p).point_linear.conv.conv.weight", [block.outputChannels, mid, 1, 1])
            batchNorm("\(p).point_linear.bn.bn", block.outputChannels)
        }
        add("final_expand_layer.conv.weight", [a.finalExpandChannels, a.lastStageChannels, 1, 1])
        batchNorm("final_expand_layer.bn", a.finalExpandChannels)
        add("feature_mix_layer.conv.weight", [a.featureMixChannels, a.finalExpandChannels, 1, 1])
        add("classifier.linear.weight", [a.classCount, a.featureMixChannels])
        add("classifier.linear.bias", [a.classCount])
        self.entries = entries
    }

    /// The entries that carry inference values (everything but `num_batches_tracked`).
    public var tensorEntries: [Entry] { entries.filter { !$0.isBatchCounter } }

    /// Old-naming prefix of elastic block `index`'s module.
    static func blockPrefix(_ index: Int) -> String { "blocks.\(index).mobile_inverted_conv" }

    /// Maps a key in either naming to the old (released-checkpoint) naming; old keys pass through unchanged.
    /// Current OFA code writes `blocks.N.conv.…` where the released files have `blocks.N.mobile_inverted_conv.…`.
    public static func canonicalKey(_ key: String) -> String {
        guard key.hasPrefix("blocks.") else { return key }
        let parts = key.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("conv.") else { return key }
        return "blocks.\(parts[1]).mobile_inverted_conv.\(parts[2].dropFirst("conv.".count))"
    }

    /// The current OFA code's name for an old-naming key.
    public static func newStyleKey(_ key: String) -> String {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        return parts.map { $0 == "mobile_inverted_conv" ? "conv" : String($0) }.joined(separator: ".")
    }
}
