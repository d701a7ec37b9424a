/// Everything `ControllerLoop.open` needs: which policy, which board, how fast, and what to publish.
public struct ControllerConfiguration: Sendable {
    /// Where the network comes from when the controller runs inference itself.
    public enum Workload: Sendable, Equatable {
        /// Decide and actuate only; an application reports its frame latency through `ControllerLoop.reportFrame`.
        case none
        /// The OFA spec's synthetic supernet weights (width 1.0): real inference, meaningless logits.
        case syntheticWeights
        /// Supernet weights from an HDF5 file.
        case weights(path: String)
    }

    public var policyPath: String
    /// The folder that stands for "/" ("/" on a board).
    public var sysfsRoot: String
    /// Control period: one observation, decision and (with a workload) one frame per period.
    public var periodMs: Double
    /// Log what would be written, write nothing to the board.
    public var dryRun: Bool
    /// One line per decision, appended.
    public var logPath: String?
    /// State file that always holds the latest decision as one JSON line (written atomically).
    public var channelPath: String?
    /// Unix datagram socket to which each decision's JSON line is sent (if something listens there).
    public var socketPath: String?
    public var workload: Workload
    /// Threads for the inference kernels.
    public var inferenceThreads: Int
    /// Stop after this long (nil: until a signal).
    public var durationS: Double?
    /// The application's requirements, observed by the policy (as in the scenario it was trained on).
    public var latencyTargetMs: Double
    public var accuracyFloorPercent: Double
    /// Fall back to the board's governors after this many consecutive periods that ran past their deadline.
    public var maxConsecutiveOverruns: Int

    public init(policyPath: String, sysfsRoot: String = "/", periodMs: Double = 100, dryRun: Bool = false,
                logPath: String? = nil, channelPath: String? = nil, socketPath: String? = nil,
                workload: Workload = .none, inferenceThreads: Int = 1, durationS: Double? = nil,
                latencyTargetMs: Double = 65, accuracyFloorPercent: Double = 0, maxConsecutiveOverruns: Int = 5) {
        self.policyPath = policyPath
        self.sysfsRoot = sysfsRoot
        self.periodMs = periodMs
        self.dryRun = dryRun
        self.logPath = logPath
        self.channelPath = channelPath
        self.socketPath = socketPath
        self.workload = workload
        self.inferenceThreads = inferenceThreads
        self.durationS = durationS
        self.latencyTargetMs = latencyTargetMs
        self.accuracyFloorPercent = accuracyFloorPercent
        self.maxConsecutiveOverruns = maxConsecutiveOverruns
    }
}
