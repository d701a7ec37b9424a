import Tensor

/// What decides inside a policy: a network whose output is one score segment per action dimension, or a table of
/// such segments indexed by the discretised observation. Both are decoded by `ActionHeads.greedy` with the layout of
/// `ActionTables.heads` (branching: one segment per dimension, the same as `ActionDecoding.argmaxPerDimension`).
public enum PolicyModel: Equatable, Sendable {
    /// Dense layers applied to the normalised observation (a DQN's branching Q-heads, a PPO actor's logits).
    case network([DenseLayer])
    /// `values` is `discretization.stateCount × heads.scoreCount` (Σ nvec when branching), row-major: row `s` holds the scores of state `s`.
    case qTable(discretization: ObservationDiscretization, values: [Float])

    /// The kind written to the file's `model` attribute.
    public var kind: String {
        switch self {
        case .network: return "mlp"
        case .qTable: return "q-table"
        }
    }
}
