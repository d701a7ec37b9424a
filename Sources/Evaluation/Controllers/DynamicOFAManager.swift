import Environment
import Governors

/// Dynamic-OFA's runtime manager (Lou et al. 2021; UoS-EEC/DynamicOFA runtime_demo): it leaves DVFS to the board's
/// governors and switches the sub-network: one level down when a frame misses its latency target, one level up when
/// there has been slack, here: `upAfterFrames` consecutive frames at most `slackFraction` of the target (the demo's
/// headroom rule in our words; the window and margin are this implementation's). It only uses levels meeting the
/// accuracy floor, like every controller here. DVFS: `GovernorController` with the given baseline (schedutil).
public final class DynamicOFAManager: EvaluatedController {
    public let name: String
    public let slackFraction: Double
    public let upAfterFrames: Int
    private let governors: GovernorController
    private var allowed: [Int] = []
    private var position = 0
    private var slackRun = 0
    /// Level changes so far in this episode (for tests and logs).
    public private(set) var levelHistory: [Int] = []

    public init(name: String = "dynamic-ofa", governor: GovernorBaseline = .schedutil, cpuFloorKHz: Int,
                slackFraction: Double = 0.8, upAfterFrames: Int = 10) {
        self.name = name
        self.slackFraction = slackFraction
        self.upAfterFrames = upAfterFrames
        governors = governor.controller(cpuFloorKHz: cpuFloorKHz)
    }

    public func begin(env: RuntimeEnv, observation: [Float]) throws {
        try governors.begin(env: env, observation: observation)
        // Allowed levels in increasing accuracy; start at the most accurate, as the demo starts at its largest net.
        allowed = levelsMeetingFloor(env).sorted { env.levelTop1Percent[$0] < env.levelTop1Percent[$1] }
        position = allowed.count - 1
        slackRun = 0
        levelHistory = []
    }

    public func decide(observation: [Float], env: RuntimeEnv) throws -> [Int] {
        var action = try governors.decide(observation: observation, env: env)
        action[0] = allowed[position]
        levelHistory.append(action[0])
        return action
    }

    public func observe(_ info: FrameInfo, env: RuntimeEnv) {
        governors.observe(info, env: env)
        if info.latencyMs > info.latencyTargetMs {
            if position > 0 { position -= 1 }
            slackRun = 0
        } else if info.latencyMs <= slackFraction * info.latencyTargetMs {
            slackRun += 1
            if slackRun >= upAfterFrames && position < allowed.count - 1 {
                position += 1
                slackRun = 0
            }
        } else {
            slackRun = 0
        }
    }
}
