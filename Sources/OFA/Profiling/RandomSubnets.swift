/// Reproducible random sub-networks (uniform kernel, expand ratio and depth per choice; resolution from a list),
/// for fitting a latency correction on nets other than the ones evaluated.
public enum RandomSubnets {
    /// `count` configs from `seed`, none equal to any of `excluding` (compared on ks/e of active blocks, d and r).
    public static func sample(count: Int, resolutions: [Int], seed: UInt64, excluding: [SubnetConfig] = [])
        -> [SubnetConfig]
    {
        var state = seed
        func next(_ bound: Int) -> Int {
            // splitmix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Int(z % UInt64(bound))
        }
        let excludedKeys = Set(excluding.map(activeSignature))
        var configs: [SubnetConfig] = []
        var seen = excludedKeys
        while configs.count < count, !resolutions.isEmpty {
            let ks = (0..<SubnetConfig.elasticBlockCount).map { _ in SubnetConfig.kernelSizes[next(3)] }
            let e = (0..<SubnetConfig.elasticBlockCount).map { _ in SubnetConfig.expandRatios[next(3)] }
            let d = (0..<SubnetConfig.stageCount).map { _ in SubnetConfig.depths[next(3)] }
            let r = resolutions[next(resolutions.count)]
            guard let config = try? SubnetConfig(ks: ks, e: e, d: d, r: r) else { continue }
            if seen.insert(activeSignature(config)).inserted { configs.append(config) }
        }
        return configs
    }

    /// What determines a config's computation: the active blocks' kernel and expand ratio, the depths, the resolution.
    static func activeSignature(_ config: SubnetConfig) -> String {
        let active = (1...SubnetConfig.elasticBlockCount).filter { config.isActive(block: $0) }
        return "\(active.map { "\(config.ks[$0 - 1])/\(config.e[$0 - 1])" })|\(config.d)|\(config.r)"
    }
}
