import Testing
@testable import OFA
@testable import OFAEngine

/// MACs and parameter counts against the spec's table (section 6), which was cross-checked with OFA's counters.
struct ComplexityTests {
    @Test(arguments: [
        (SupernetWidth.w1_0, 7, 6, 4, 224, 566_170_656, 7_664_760),
        (.w1_0, 3, 3, 2, 160, 63_240_528, 3_410_792),
        (.w1_0, 3, 3, 2, 128, 41_476_224, 3_410_792),
        (.w1_2, 7, 6, 4, 224, 843_101_040, 10_701_632),
        (.w1_2, 3, 3, 2, 160, 100_320_888, 4_602_456),
        (.w1_2, 3, 3, 2, 128, 65_536_896, 4_602_456),
        (.w1_0, 7, 6, 4, 128, 188_248_320, 7_664_760),
        (.w1_2, 7, 6, 4, 128, 279_987_456, 10_701_632),
    ])
    func matchesSpecTable(width: SupernetWidth, ks: Int, e: Int, d: Int, r: Int, macs: Int, params: Int) throws {
        let config = try SubnetConfig.uniform(kernelSize: ks, expandRatio: e, depth: d, resolution: r)
        let counted = SupernetArchitecture.of(width).complexity(of: config)
        #expect(counted.macs == macs)
        #expect(counted.parameters == params)
    }

    @Test func architectureMatchesSpecTables() {
        let w10 = SupernetArchitecture.w1_0
        #expect(w10.stageWidths == [24, 40, 80, 112, 160])
        #expect([w10.stemChannels, w10.firstBlockChannels, w10.finalExpandChannels, w10.featureMixChannels] == [16, 16, 960, 1280])
        let w12 = SupernetArchitecture.w1_2
        #expect(w12.stageWidths == [32, 48, 96, 136, 192])
        #expect([w12.stemChannels, w12.firstBlockChannels, w12.finalExpandChannels, w12.featureMixChannels] == [24, 24, 1152, 1536])
        #expect(w10.blocks.filter(\.hasShortcut).map(\.index) == [2, 3, 4, 6, 7, 8, 10, 11, 12, 14, 15, 16, 18, 19, 20])
        // SE mids from the spec's w1.2 table: block 5 → 24/32/48, block 14 → 104/136/208.
        #expect([3, 4, 6].map { w12.blocks[4].squeezeChannels(expandRatio: $0) } == [24, 32, 48])
        #expect([3, 4, 6].map { w12.blocks[13].squeezeChannels(expandRatio: $0) } == [104, 136, 208])
        #expect([3, 4, 6].map { w10.blocks[4].squeezeChannels(expandRatio: $0) } == [24, 24, 40])
        #expect(SupernetArchitecture.makeDivisible(19.2) == 24)
        #expect(SupernetArchitecture.makeDivisible(18) == 24)
        #expect(SupernetArchitecture.makeDivisible(134.4) == 136)
        let sizes = w10.spatialSizes(resolution: 164)
        #expect(sizes.stem == 82 && sizes.final == 6)
    }
}
