/// The 128-slot input encoding of the OFA tutorial accuracy predictor (spec section 10), as feature *indices*.
///
/// The encoding is one-hot, so instead of a dense 0/1 vector we list the slots that are 1: that lets the first
/// layer of the MLP be a sum of weight columns rather than a 128-wide product.
///
/// * slots 0..<60: kernel one-hots, block i (0..19) uses 3i + {3→0, 5→1, 7→2};
/// * slots 60..<120: expand one-hots, block i uses 60 + 3i + {3→0, 4→1, 6→2};
/// * slots 120..<128: resolution one-hot at (r − 112) / 16, clamped to 0...7;
/// * blocks skipped by their stage's depth have all-zero kernel and expand slots (depth is encoded only that way).
public enum AccuracyPredictorEncoding {
    public static let featureCount = 128
    static let kernelOffset = 0
    static let expandOffset = 60
    static let resolutionOffset = 120
    static let resolutionSlots = 8

    /// The one-hot slots (ascending) that are 1 for `config`.
    public static func activeSlots(_ config: SubnetConfig) -> [Int] {
        var slots: [Int] = []
        slots.reserveCapacity(41)
        for block in 0..<SubnetConfig.elasticBlockCount where config.isActive(block: block + 1) {
            slots.append(kernelOffset + 3 * block + (SubnetConfig.kernelSizes.firstIndex(of: config.ks[block]) ?? 0))
        }
        for block in 0..<SubnetConfig.elasticBlockCount where config.isActive(block: block + 1) {
            slots.append(expandOffset + 3 * block + (SubnetConfig.expandRatios.firstIndex(of: config.e[block]) ?? 0))
        }
        slots.append(resolutionOffset + resolutionSlot(config.r))
        return slots
    }

    /// The dense 0/1 feature vector (what DOFA's `spec2feats` returns), for checks and for other tools.
    public static func features(_ config: SubnetConfig) -> [Float] {
        var features = [Float](repeating: 0, count: featureCount)
        for slot in activeSlots(config) { features[slot] = 1 }
        return features
    }

    /// `(r − 112) // 16` as in OFA, clamped into the 8 slots (r ≥ 240 lands on the 224 slot, r < 112 on the first).
    static func resolutionSlot(_ resolution: Int) -> Int {
        let slot = (resolution - 112) >= 0 ? (resolution - 112) / 16 : 0
        return min(max(slot, 0), resolutionSlots - 1)
    }
}
