import Tensor

/// Runs one layer of the supernet alone so that `tandem profile` can time layers one by one. It drives a
/// `SupernetEngine`'s own layer methods (`runStem`, `runFirstBlock`, `runBlock`, the head's parts): the code that
/// is timed is the code that infers, with no copy of it here. `forward(layers:)` over a sub-network's layers in order
/// reproduces the engine's logits bit for bit, which the tests check.
///
/// Isolated runs read block inputs from activation buffer A and write to B; `prime(resolution:)` first runs the
/// largest sub-network once so both buffers hold realistic activations.
final class LayerRunner {
    let architecture: SupernetArchitecture
    let maxResolution: Int
    private let engine: SupernetEngine
    private let image: UnsafeMutablePointer<Float>
    private let logits: UnsafeMutablePointer<Float>
    /// The resolution the last `prime` used.
    private(set) var resolution: Int
    /// `SupernetEngine.threadCount`: threads of the engine's own kernels.
    var threadCount: Int {
        get { engine.threadCount }
        set { engine.threadCount = max(1, newValue) }
    }

    init(weights: SupernetWeights, maxResolution: Int, threadCount: Int = Threading.defaultThreadCount)
        throws(ProfileError)
    {
        guard SubnetConfig.resolutionRange.contains(maxResolution) else {
            throw .badResolutions("\(maxResolution) is outside \(SubnetConfig.resolutionRange)")
        }
        do {
            engine = try SupernetEngine(weights: weights, maxResolution: maxResolution, threadCount: threadCount)
        } catch {
            throw .badResolutions(error.description)
        }
        architecture = weights.architecture
        self.maxResolution = maxResolution
        let imageCount = SupernetArchitecture.inputChannels * maxResolution * maxResolution
        let image = UnsafeMutablePointer<Float>.allocate(capacity: imageCount)
        let values = SyntheticWeights.image(resolution: maxResolution)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { image.initialize(from: base, count: imageCount) }
        }
        self.image = image
        logits = .allocate(capacity: weights.architecture.classCount)
        logits.initialize(repeating: 0, count: weights.architecture.classCount)
        resolution = maxResolution
    }

    deinit {
        image.deallocate()
        logits.deallocate()
    }

    /// Runs the largest sub-network at `resolution` once, leaving realistic activations in every buffer; the
    /// engine then stays at that resolution (its stem and head sizes) for `run(_:)`.
    func prime(resolution: Int) {
        self.resolution = resolution
        _ = forward(layers: ProfiledLayer.layers(of: SubnetConfig.largest.at(resolution: resolution)))
    }

    /// Runs `layer` alone at the primed resolution.
    func run(_ layer: ProfiledLayer) {
        run(layer, input: engine.buffers.activationA, output: engine.buffers.activationB)
    }

    /// Runs `layers` in order as one forward pass (ping-pong between the activation buffers, like the engine)
    /// and returns the logits. `layers` must be a sub-network's layers (`ProfiledLayer.layers(of:)`) at the
    /// primed resolution.
    func forward(layers: [ProfiledLayer]) -> [Float] {
        // Any config at this resolution sets the engine's stem and head sizes; blocks come from `layers`.
        try? engine.activate(SubnetConfig.largest.at(resolution: resolution))
        let b = engine.buffers
        var current = b.activationB
        var other = b.activationA
        for layer in layers {
            run(layer, input: current, output: other)
            if case .block = layer { swap(&current, &other) }
        }
        return Array(UnsafeBufferPointer(start: logits, count: architecture.classCount))
    }

    /// The spatial sizes at the current resolution.
    private var sizes: (stem: Int, blockInputs: [Int], final: Int) { architecture.spatialSizes(resolution: resolution) }

    /// The stem writes A and block 0 goes A → B whatever `input`/`output` say, as in the engine's forward pass.
    private func run(_ layer: ProfiledLayer, input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        if engine.config.r != resolution { try? engine.activate(SubnetConfig.largest.at(resolution: resolution)) }
        switch layer {
        case .stem: engine.runStem(image: image)
        case .firstBlock: engine.runFirstBlock()
        case let .block(index, kernelSize, expandRatio):
            let step = engine.blockStep(index: index, kernelSize: kernelSize, expandRatio: expandRatio,
                                        inputSize: sizes.blockInputs[index - 1])
            engine.runBlock(step, input: input, output: output)
        case .finalExpand: engine.runFinalExpand(input: input)
        case .pool: engine.runPool()
        case .featureMix: engine.runFeatureMix()
        case .classifier: engine.runClassifier(logits: logits)
        }
    }
}
