/// Where a policy came from, so a file found on a board can be traced back to its training run.
public struct PolicyProvenance: Equatable, Sendable, Codable {
    /// The scenario name (or file) it was trained on.
    public var scenario: String
    public var seed: UInt64
    /// Environment steps of training.
    public var steps: Int
    /// The agent (`q`, `dqn`, `ppo`) and, after a colon, its options (e.g. `ppo:constrained`).
    public var agent: String
    public var tandemVersion: String
    /// ISO 8601 UTC date of the export.
    public var date: String

    public init(scenario: String, seed: UInt64, steps: Int, agent: String, tandemVersion: String, date: String) {
        self.scenario = scenario
        self.seed = seed
        self.steps = steps
        self.agent = agent
        self.tandemVersion = tandemVersion
        self.date = date
    }
}

/// The board a policy was trained for: its name, the fingerprint the platform layer computes, and (in
/// `ActionTables`) the OPP tables, which `PolicyFile.check(against:)` compares.
public struct PlatformIdentity: Equatable, Sendable, Codable {
    public var name: String
    public var fingerprint: String

    public init(name: String, fingerprint: String) {
        self.name = name
        self.fingerprint = fingerprint
    }
}
