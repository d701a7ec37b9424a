/// Multiply-accumulates and learnable parameters of one sub-network, counted as OFA's `count_net_flops` /
/// `count_parameters` do on the extracted static sub-network (spec section 6):
/// MACs of conv and linear layers only ((C_in/groups)·k²·C_out·H_out·W_out, in·out); parameters are conv/linear
/// weights and biases plus BN γ and β (no running statistics, no kernel-transform matrices).
public struct Complexity: Hashable, Sendable, CustomStringConvertible {
    public let macs: Int
    public let parameters: Int

    public init(macs: Int, parameters: Int) {
        self.macs = macs
        self.parameters = parameters
    }

    /// Counts `config` (at its resolution `config.r`) on `architecture`.
    public init(_ config: SubnetConfig, architecture: SupernetArchitecture) {
        var macs = 0
        var parameters = 0
        let a = architecture
        let sizes = a.spatialSizes(resolution: config.r)
        let stemArea = sizes.stem * sizes.stem
        let k2 = a.stemKernelArea

        // Stem conv + BN.
        macs += SupernetArchitecture.inputChannels * k2 * a.stemChannels * stemArea
        parameters += SupernetArchitecture.inputChannels * k2 * a.stemChannels + 2 * a.stemChannels
        // Block 0: depthwise 3×3 + BN, pointwise + BN.
        macs += a.stemChannels * 9 * stemArea + a.stemChannels * a.firstBlockChannels * stemArea
        parameters += a.stemChannels * 9 + 2 * a.stemChannels
        parameters += a.stemChannels * a.firstBlockChannels + 2 * a.firstBlockChannels

        for block in a.blocks where config.isActive(block: block.index) {
            let i = block.index - 1
            let mid = block.middleChannels(expandRatio: config.e[i])
            let kernelArea = config.ks[i] * config.ks[i]
            let inArea = sizes.blockInputs[i] * sizes.blockInputs[i]
            let outSize = SupernetArchitecture.outputSize(sizes.blockInputs[i], stride: block.stride)
            let outArea = outSize * outSize
            macs += block.inputChannels * mid * inArea + mid * kernelArea * outArea + mid * block.outputChannels * outArea
            parameters += block.inputChannels * mid + 2 * mid
            parameters += mid * kernelArea + 2 * mid
            parameters += mid * block.outputChannels + 2 * block.outputChannels
            if block.hasSqueezeExcite {
                let se = block.squeezeChannels(expandRatio: config.e[i])
                macs += 2 * mid * se
                parameters += mid * se + se + se * mid + mid
            }
        }

        let finalArea = sizes.final * sizes.final
        macs += a.lastStageChannels * a.finalExpandChannels * finalArea
        parameters += a.lastStageChannels * a.finalExpandChannels + 2 * a.finalExpandChannels
        macs += a.finalExpandChannels * a.featureMixChannels
        parameters += a.finalExpandChannels * a.featureMixChannels
        macs += a.featureMixChannels * a.classCount
        parameters += a.featureMixChannels * a.classCount + a.classCount
        self.macs = macs
        self.parameters = parameters
    }

    /// MACs in millions (OFA papers' "MFLOPs").
    public var megaMACs: Double { Double(macs) / 1e6 }

    public var description: String {
        "\(macs) MACs, \(parameters) parameters"
    }
}

extension SupernetArchitecture {
    /// Kernel area of the stem conv.
    var stemKernelArea: Int { Self.stemKernelSize * Self.stemKernelSize }

    /// MACs and parameters of `config` on this supernet.
    public func complexity(of config: SubnetConfig) -> Complexity {
        Complexity(config, architecture: self)
    }
}
