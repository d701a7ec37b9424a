import Environment

/// The lower bound: a controller that knows the model. Before each frame it evaluates every action (levels meeting
/// the floor × CPU OPPs × GPU OPPs) with `RuntimeEnv.expectedFrame` under the current co-runner load and throttling,
/// and takes the cheapest (CPU OPPs from the environment's `cpuFloorIndex` up: the floor every controller lives under) whose latency stays within the target even at the top of the latency noise
/// (`latency · (1 + √3 σ) ≤ target`, the uniform noise's bound); when none does, the fastest action.
public final class OracleController: EvaluatedController {
    public let name: String
    private var allowed: [Int] = []

    public init(name: String = "oracle") { self.name = name }

    public func begin(env: RuntimeEnv, observation: [Float]) throws {
        allowed = levelsMeetingFloor(env)
    }

    public func decide(observation: [Float], env: RuntimeEnv) throws -> [Int] {
        let target = env.currentLatencyTargetMs
        let guardFactor = 1 + env.scenario.latencyNoise * 3.0.squareRoot()
        var best: [Int]?
        var bestEnergy = Double.infinity
        var fastest = [allowed[0], env.cpuFrequenciesKHz.count - 1, env.gpuFrequenciesKHz.count - 1]
        var fastestLatency = Double.infinity
        for level in allowed {
            for cpu in env.cpuFloorIndex..<env.cpuFrequenciesKHz.count {
                for gpu in env.gpuFrequenciesKHz.indices {
                    let frame = env.expectedFrame(level: level, cpuIndex: cpu, gpuIndex: gpu)
                    if frame.latencyMs * guardFactor <= target {
                        if frame.energyJ < bestEnergy {
                            bestEnergy = frame.energyJ
                            best = [level, cpu, gpu]
                        }
                    } else if best == nil && frame.latencyMs < fastestLatency {
                        fastestLatency = frame.latencyMs
                        fastest = [level, cpu, gpu]
                    }
                }
            }
        }
        return best ?? fastest
    }
}
