import Tensor

/// Executes a policy file: observation in, MultiDiscrete action out, greedily (argmax per score segment of `ActionHeads`: per
/// action dimension for a branching model, per group of dimensions for a coupled one).
/// No training code, no allocation on the fast path: every buffer is allocated at load.
///
/// An observation with NaN or ±inf is never fed to the model: `decide` throws
/// `PolicyRuntime.DecisionError.nonFiniteObservation` naming the feature, and `decideOrSafe` returns the file's
/// documented safe action (by default the fastest sub-network at the highest OPPs; see `ActionTables.safeAction`).
///
/// Not thread-safe: one runtime per deciding thread (it owns its scratch buffers).
public final class PolicyRuntime {
    public enum DecisionError: Error, Equatable, CustomStringConvertible {
        case wrongObservationCount(expected: Int, found: Int)
        case nonFiniteObservation(index: Int, name: String, value: Float)

        public var description: String {
            switch self {
            case .wrongObservationCount(let expected, let found):
                return "policy expects \(expected) observation features, got \(found)"
            case .nonFiniteObservation(let index, let name, let value):
                return "observation feature \(index) (\(name)) is \(value): not deciding on it"
            }
        }
    }

    public let policy: PolicyFile
    public let observationCount: Int
    public let nvec: [Int]
    /// The score layout of the model (branching, or coupled groups; `ActionHeads`).
    public let heads: ActionHeads
    private let normalized: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>
    private let scores: UnsafeMutablePointer<Float>
    private let layers: [(weights: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>, layer: DenseLayer)]
    private let table: UnsafeMutablePointer<Float>?
    private let discretization: ObservationDiscretization?
    private let widest: Int

    /// Reads, validates and prepares the policy at `path`.
    public convenience init(path: String) throws(PolicyFileError) {
        self.init(policy: try PolicyFile.read(from: path))
    }

    /// Prepares an already validated policy (programmer error if `policy.problem()` is not `nil`).
    public init(policy: PolicyFile) {
        precondition(policy.problem() == nil, "PolicyRuntime: invalid policy: \(String(describing: policy.problem()))")
        self.policy = policy
        observationCount = policy.observationNames.count
        nvec = policy.actions.nvec
        heads = policy.actions.heads
        let scoreCount = heads.scoreCount
        normalized = .allocate(capacity: observationCount)
        scores = .allocate(capacity: scoreCount)
        switch policy.model {
        case .network(let dense):
            widest = dense.map { max($0.inFeatures, $0.outFeatures) }.max() ?? 1
            layers = dense.map { layer in
                let weights = UnsafeMutablePointer<Float>.allocate(capacity: layer.weights.values.count)
                weights.initialize(from: layer.weights.values, count: layer.weights.values.count)
                let bias = UnsafeMutablePointer<Float>.allocate(capacity: layer.bias.values.count)
                bias.initialize(from: layer.bias.values, count: layer.bias.values.count)
                return (weights, bias, layer)
            }
            table = nil
            discretization = nil
        case .qTable(let grid, let values):
            widest = 1
            layers = []
            let copy = UnsafeMutablePointer<Float>.allocate(capacity: values.count)
            copy.initialize(from: values, count: values.count)
            table = copy
            discretization = grid
        }
        scratch = .allocate(capacity: 2 * widest)
    }

    deinit {
        normalized.deallocate()
        scratch.deallocate()
        scores.deallocate()
        for layer in layers {
            layer.weights.deallocate()
            layer.bias.deallocate()
        }
        table?.deallocate()
    }

    /// The greedy action for `observation` written into `action` (`nvec.count` entries). Allocates nothing.
    public func decide(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Int>)
        throws(DecisionError)
    {
        guard observation.count == observationCount, let input = observation.baseAddress else {
            throw .wrongObservationCount(expected: observationCount, found: observation.count)
        }
        precondition(action.count == nvec.count, "PolicyRuntime.decide: action buffer holds \(action.count), need \(nvec.count)")
        for index in 0..<observationCount where !input[index].isFinite {
            throw .nonFiniteObservation(index: index, name: policy.observationNames[index], value: input[index])
        }
        guard let actionBase = action.baseAddress else { return }
        if let table, let discretization {
            let row = discretization.state(of: input) * heads.scoreCount
            heads.greedy(table + row, into: actionBase)
            return
        }
        policy.normalization.apply(input, into: normalized)
        var source = UnsafePointer(normalized)
        for (index, entry) in layers.enumerated() {
            let destination = index == layers.count - 1 ? scores : scratch + (index % 2) * widest
            Kernels.linear(input: source, inFeatures: entry.layer.inFeatures, weights: entry.weights,
                           weightRowStride: entry.layer.inFeatures, outFeatures: entry.layer.outFeatures,
                           bias: entry.bias, activation: entry.layer.activation, output: destination)
            source = UnsafePointer(destination)
        }
        heads.greedy(scores, into: actionBase)
    }

    /// The greedy action for `observation` (allocating convenience).
    public func decide(observation: [Float]) throws(DecisionError) -> [Int] {
        var action = [Int](repeating: 0, count: nvec.count)
        try observation.withUnsafeBufferPointer { (input) throws(DecisionError) in
            try action.withUnsafeMutableBufferPointer { (output) throws(DecisionError) in
                try decide(observation: input, into: output)
            }
        }
        return action
    }

    /// The greedy action, or the file's safe action when the observation cannot be trusted (wrong length, NaN,
    /// ±inf). Never throws, never traps on input.
    public func decideOrSafe(observation: [Float]) -> [Int] {
        (try? decide(observation: observation)) ?? policy.actions.safeAction
    }
}
