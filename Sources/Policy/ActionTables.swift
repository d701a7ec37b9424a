/// What the action indices mean on the board: dimension `d` of an action picks entry `action[d]` of its table.
/// For `RuntimeEnv` the dimensions are [sub-network level, CPU OPP, GPU OPP]; then `libraryConfigs` holds the
/// sub-network library (OFA JSON config per level) with its top-1 accuracy, and the frequency tables list the OPPs
/// in kHz in index order. Toy environments leave the tables empty and only name the dimensions.
public struct ActionTables: Equatable, Sendable {
    /// Name of each action dimension (e.g. `subnet`, `cpu_opp`, `gpu_opp`).
    public var dimensionNames: [String]
    /// Choices per dimension (the `MultiDiscrete` nvec).
    public var nvec: [Int]
    /// The sub-network library: one OFA config JSON string per level (empty when not applicable).
    public var libraryConfigs: [String]
    /// ImageNet top-1 of each library level, percent (same count as `libraryConfigs`).
    public var libraryTop1Percent: [Float]
    /// The CPU OPP table in kHz, index order (empty when not applicable).
    public var cpuFrequenciesKHz: [Int]
    /// The GPU OPP table in kHz, index order (empty when not applicable).
    public var gpuFrequenciesKHz: [Int]
    /// The action `PolicyRuntime.decideOrSafe` returns for an observation it cannot trust (NaN, ±inf).
    public var safeAction: [Int]
    /// How the model's scores map onto the dimensions (`ActionHeads`; `nil`: branching, one segment per dimension).
    public var headGroups: [[Int]]?

    public init(dimensionNames: [String], nvec: [Int], libraryConfigs: [String] = [], libraryTop1Percent: [Float] = [],
                cpuFrequenciesKHz: [Int] = [], gpuFrequenciesKHz: [Int] = [], safeAction: [Int]? = nil,
                headGroups: [[Int]]? = nil) {
        self.dimensionNames = dimensionNames
        self.nvec = nvec
        self.libraryConfigs = libraryConfigs
        self.libraryTop1Percent = libraryTop1Percent
        self.cpuFrequenciesKHz = cpuFrequenciesKHz
        self.gpuFrequenciesKHz = gpuFrequenciesKHz
        self.safeAction = safeAction ?? ActionTables.defaultSafeAction(nvec: nvec, dimensionNames: dimensionNames)
        self.headGroups = headGroups
    }

    /// The score layout (branching when `headGroups` is nil or not a partition; `problem()` reports the latter).
    public var heads: ActionHeads {
        headGroups.flatMap { ActionHeads(groups: $0, nvec: nvec) } ?? .branching(nvec: nvec)
    }

    /// The default safe action: the lowest index of every dimension, except OPP dimensions (`cpu_opp`, `gpu_opp`),
    /// which get their highest index. With a library ordered from the smallest sub-network up, that is the fastest
    /// sub-network at full speed: it cannot miss a latency target any other choice would meet.
    public static func defaultSafeAction(nvec: [Int], dimensionNames: [String]) -> [Int] {
        nvec.indices.map { index in
            let name = index < dimensionNames.count ? dimensionNames[index] : ""
            return name.hasSuffix("_opp") ? nvec[index] - 1 : 0
        }
    }

    /// `nil` when consistent, else what is wrong.
    public func problem() -> String? {
        if nvec.isEmpty || nvec.contains(where: { $0 <= 0 }) { return "nvec \(nvec) must be non-empty and positive" }
        if dimensionNames.count != nvec.count {
            return "\(dimensionNames.count) dimension names for \(nvec.count) action dimensions"
        }
        if libraryConfigs.count != libraryTop1Percent.count {
            return "\(libraryConfigs.count) library configs but \(libraryTop1Percent.count) accuracies"
        }
        for (name, count) in [("subnet", libraryConfigs.count), ("cpu_opp", cpuFrequenciesKHz.count),
                              ("gpu_opp", gpuFrequenciesKHz.count)] where count > 0 {
            guard let index = dimensionNames.firstIndex(of: name) else {
                return "a \(name) table is present but no action dimension is named \(name)"
            }
            if nvec[index] != count { return "dimension \(name) has \(nvec[index]) choices but its table has \(count)" }
        }
        if let headGroups, ActionHeads(groups: headGroups, nvec: nvec) == nil {
            return "head layout \(headGroups) is not a partition of the \(nvec.count) action dimensions"
        }
        if safeAction.count != nvec.count || zip(safeAction, nvec).contains(where: { $0 < 0 || $0 >= $1 }) {
            return "safe action \(safeAction) is not inside nvec \(nvec)"
        }
        return nil
    }
}
