import Tensor

/// The policy file: everything `tandemd` needs to decide, and nothing else. HDF5, readable with h5py:
///
///     /                      attrs format="tandem.policy", version=1, model="mlp"|"q-table",
///                            platform, platform_fingerprint, scenario, seed, steps, agent, tandem_version, date
///     /observation           attrs names (strings), clip; datasets mean [n], std [n] (float32)
///     /actions               attrs dimension_names (strings); datasets nvec [d], safe_action [d] (int64),
///                            optional library_configs [L] (JSON strings), library_top1_percent [L] (float32),
///                            cpu_frequencies_khz [C], gpu_frequencies_khz [G] (int64)
///     /network/layer_K       (model "mlp") datasets weight [out, in], bias [out] (float32); attr activation
///     /q_table               (model "q-table") dataset values [states, Σnvec] (float32);
///                            bin_counts [n] (int64: edges per feature), bin_edges [Σ bin_counts] (float32)
///
/// A network reads the normalised observation; a Q-table reads the raw one through its bins.
public struct PolicyFile: Equatable, Sendable {
    public static let format = "tandem.policy"
    /// The version this code writes and the newest it reads.
    public static let version = 1

    /// Feature names, in observation order.
    public var observationNames: [String]
    public var normalization: ObservationNormalization
    public var actions: ActionTables
    public var model: PolicyModel
    public var platform: PlatformIdentity
    public var provenance: PolicyProvenance

    public init(observationNames: [String], normalization: ObservationNormalization, actions: ActionTables,
                model: PolicyModel, platform: PlatformIdentity, provenance: PolicyProvenance) {
        self.observationNames = observationNames
        self.normalization = normalization
        self.actions = actions
        self.model = model
        self.platform = platform
        self.provenance = provenance
    }

    /// The first inconsistency between the parts, or `nil` (what `read` checks after parsing, and `write` before).
    public func problem() -> PolicyFileError.Problem? {
        let n = observationNames.count
        if n == 0 { return .missing("observation names") }
        if normalization.count != n { return .shapeMismatch(field: "/observation/mean", expected: [n], found: [normalization.count]) }
        if let reason = normalization.problem() { return .invalid(field: "/observation", reason: reason) }
        if let reason = actions.problem() { return .invalid(field: "/actions", reason: reason) }
        let scoreCount = actions.heads.scoreCount
        switch model {
        case .network(let layers):
            if layers.isEmpty { return .missing("/network layers") }
            var width = n
            for (index, layer) in layers.enumerated() {
                if layer.inFeatures != width {
                    return .shapeMismatch(field: "/network/layer_\(index)/weight", expected: [layer.outFeatures, width],
                                          found: layer.weights.shape)
                }
                if layer.weights.values.contains(where: { !$0.isFinite }) || layer.bias.values.contains(where: { !$0.isFinite }) {
                    return .invalid(field: "/network/layer_\(index)", reason: "weights are not all finite")
                }
                width = layer.outFeatures
            }
            if width != scoreCount {
                return .shapeMismatch(field: "/network/layer_\(layers.count - 1)/bias", expected: [scoreCount], found: [width])
            }
        case .qTable(let discretization, let values):
            if discretization.edges.count != n {
                return .shapeMismatch(field: "/q_table/bin_counts", expected: [n], found: [discretization.edges.count])
            }
            if let reason = discretization.problem() { return .invalid(field: "/q_table bins", reason: reason) }
            if values.count != discretization.stateCount * scoreCount {
                return .shapeMismatch(field: "/q_table/values", expected: [discretization.stateCount, scoreCount],
                                      found: [values.count / max(scoreCount, 1), scoreCount])
            }
            if values.contains(where: { !$0.isFinite }) {
                return .invalid(field: "/q_table/values", reason: "values are not all finite")
            }
        }
        return nil
    }

    /// Refuses to run on a board whose OPP tables (or fingerprint) differ from the ones the policy was trained
    /// for, naming each difference. Tables the policy does not carry are not compared.
    public func check(platformName: String, fingerprint: String?, cpuFrequenciesKHz: [Int], gpuFrequenciesKHz: [Int],
                      file: String = "policy") throws(PolicyFileError) {
        var differences: [String] = []
        func compare(_ label: String, policy: [Int], board: [Int]) {
            guard !policy.isEmpty, policy != board else { return }
            if policy.count != board.count {
                differences.append("\(label) OPP table has \(policy.count) entries in the policy, \(board.count) on \(platformName)")
            } else if let index = policy.indices.first(where: { policy[$0] != board[$0] }) {
                differences.append("\(label) OPP \(index) is \(policy[index]) kHz in the policy, \(board[index]) kHz on \(platformName)")
            }
        }
        compare("CPU", policy: actions.cpuFrequenciesKHz, board: cpuFrequenciesKHz)
        compare("GPU", policy: actions.gpuFrequenciesKHz, board: gpuFrequenciesKHz)
        if let fingerprint, !platform.fingerprint.isEmpty, fingerprint != platform.fingerprint {
            differences.append("platform fingerprint is '\(platform.fingerprint)' (\(platform.name)) in the policy, '\(fingerprint)' (\(platformName)) here")
        }
        if !differences.isEmpty { throw PolicyFileError(file: file, .trainedForAnotherBoard(differences)) }
    }
}
