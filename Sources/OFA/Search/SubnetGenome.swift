/// A sub-network as the search's genes: an index into OFA's choices for each kernel size, expand ratio and
/// stage depth, and an index into the latency table's resolutions.
struct SubnetGenome: Hashable, Sendable {
    var kernelIndex: [UInt8]      // 20 entries into SubnetConfig.kernelSizes
    var expandIndex: [UInt8]      // 20 entries into SubnetConfig.expandRatios
    var depthIndex: [UInt8]       // 5 entries into SubnetConfig.depths
    var resolutionIndex: Int      // into the search's resolutions

    static let geneCount = 2 * SubnetConfig.elasticBlockCount + SubnetConfig.stageCount + 1

    func isActive(block: Int) -> Bool {
        Int(depthIndex[block / SubnetConfig.blocksPerStage]) + 2 > block % SubnetConfig.blocksPerStage
    }

    /// Genes of skipped blocks do not change the network; this form sets them to 0 so equal networks compare equal.
    var canonical: SubnetGenome {
        var copy = self
        for block in 0..<SubnetConfig.elasticBlockCount where !isActive(block: block) {
            copy.kernelIndex[block] = 0
            copy.expandIndex[block] = 0
        }
        return copy
    }

    static func random(resolutionCount: Int, using generator: inout SearchRandomGenerator) -> SubnetGenome {
        SubnetGenome(
            kernelIndex: (0..<SubnetConfig.elasticBlockCount).map { _ in UInt8(generator.below(3)) },
            expandIndex: (0..<SubnetConfig.elasticBlockCount).map { _ in UInt8(generator.below(3)) },
            depthIndex: (0..<SubnetConfig.stageCount).map { _ in UInt8(generator.below(3)) },
            resolutionIndex: generator.below(resolutionCount))
    }

    init(kernelIndex: [UInt8], expandIndex: [UInt8], depthIndex: [UInt8], resolutionIndex: Int) {
        self.kernelIndex = kernelIndex
        self.expandIndex = expandIndex
        self.depthIndex = depthIndex
        self.resolutionIndex = resolutionIndex
    }

    /// The genome of `config`, or nil if its resolution is not among `resolutions`.
    init?(_ config: SubnetConfig, resolutions: [Int]) {
        guard let r = resolutions.firstIndex(of: config.r) else { return nil }
        kernelIndex = config.ks.map { UInt8(SubnetConfig.kernelSizes.firstIndex(of: $0) ?? 0) }
        expandIndex = config.e.map { UInt8(SubnetConfig.expandRatios.firstIndex(of: $0) ?? 0) }
        depthIndex = config.d.map { UInt8(SubnetConfig.depths.firstIndex(of: $0) ?? 0) }
        resolutionIndex = r
    }

    func config(resolutions: [Int]) -> SubnetConfig {
        // Indices are always in range (built from the choice lists), so the unchecked path cannot fail validation.
        let ks = kernelIndex.map { SubnetConfig.kernelSizes[Int($0)] }
        let e = expandIndex.map { SubnetConfig.expandRatios[Int($0)] }
        let d = depthIndex.map { SubnetConfig.depths[Int($0)] }
        return (try? SubnetConfig(ks: ks, e: e, d: d, r: resolutions[resolutionIndex]))
            ?? SubnetConfig.smallest
    }

    /// The predictor's one-hot slots (same encoding as `AccuracyPredictorEncoding.activeSlots`).
    func predictorSlots(resolutions: [Int]) -> [Int] {
        var slots: [Int] = []
        slots.reserveCapacity(41)
        for block in 0..<SubnetConfig.elasticBlockCount where isActive(block: block) {
            slots.append(AccuracyPredictorEncoding.kernelOffset + 3 * block + Int(kernelIndex[block]))
        }
        for block in 0..<SubnetConfig.elasticBlockCount where isActive(block: block) {
            slots.append(AccuracyPredictorEncoding.expandOffset + 3 * block + Int(expandIndex[block]))
        }
        slots.append(AccuracyPredictorEncoding.resolutionOffset
                     + AccuracyPredictorEncoding.resolutionSlot(resolutions[resolutionIndex]))
        return slots
    }
}
