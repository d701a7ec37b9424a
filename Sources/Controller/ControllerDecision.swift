/// One decision of the controller, as published to embedding code (`ControllerLoop.onDecision`) and to other
/// processes (`DecisionChannel`, as `jsonLine`).
public struct ControllerDecision: Equatable, Sendable {
    /// 1, 2, 3, … per decision since start.
    public var sequence: Int
    /// Wall-clock time of the decision, seconds since the Unix epoch (CLOCK_REALTIME).
    public var timestampS: Double
    /// The action as the policy returned it: [sub-network level, CPU OPP index, GPU OPP index].
    public var action: [Int]
    /// The sub-network level the application should run.
    public var level: Int
    /// That level's OFA config as compact JSON (`{"ks":[…],"e":[…],"d":[…],"r":N}`), nil without a library.
    public var configJSON: String?
    /// The frequencies set (or, in dry-run mode, that would be set); nil where the board has no such clock.
    public var cpuKHz: Int?
    public var gpuKHz: Int?
    /// The latency the observation saw for the previous frame.
    public var lastLatencyMs: Double
    public var dryRun: Bool

    public init(sequence: Int, timestampS: Double, action: [Int], level: Int, configJSON: String?, cpuKHz: Int?,
                gpuKHz: Int?, lastLatencyMs: Double, dryRun: Bool) {
        self.sequence = sequence
        self.timestampS = timestampS
        self.action = action
        self.level = level
        self.configJSON = configJSON
        self.cpuKHz = cpuKHz
        self.gpuKHz = gpuKHz
        self.lastLatencyMs = lastLatencyMs
        self.dryRun = dryRun
    }

    /// The channel format: one JSON object on one line, keys sorted, no newline:
    /// `{"action":[2,14,9],"config":{"ks":[…],"e":[…],"d":[…],"r":192},"cpu_khz":1190400,"dry_run":false,`
    /// `"gpu_khz":803250,"last_latency_ms":41.2,"level":2,"seq":17,"timestamp":1764000000.125}`.
    /// Absent values are `null`.
    public var jsonLine: String {
        var text = "{\"action\":[" + action.map(String.init).joined(separator: ",") + "]"
        text += ",\"config\":" + (configJSON ?? "null")
        text += ",\"cpu_khz\":" + (cpuKHz.map(String.init) ?? "null")
        text += ",\"dry_run\":" + (dryRun ? "true" : "false")
        text += ",\"gpu_khz\":" + (gpuKHz.map(String.init) ?? "null")
        text += ",\"last_latency_ms\":" + Self.number(lastLatencyMs)
        text += ",\"level\":\(level),\"seq\":\(sequence),\"timestamp\":" + Self.number(timestampS) + "}"
        return text
    }

    /// A JSON number (`null` for NaN/±inf, which JSON cannot hold).
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
