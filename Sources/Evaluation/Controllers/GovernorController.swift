import Environment
import Governors

/// A Linux governor pair running a fixed sub-network: the board's own behaviour. After each frame the CPU governor
/// hears the CPU's busy fraction over the frame's interval and the GPU governor the GPU's (the inference's share plus
/// the co-runner's share of the rest, since the kernel sees all load); their requests set the OPPs of the next frame.
/// The CPU governor ranges over the OPPs at or above `cpuFloorKHz` (nvpmodel's 1.19 GHz floor on the Xavier NX).
public final class GovernorController: EvaluatedController {
    public let name: String
    public let cpuGovernorName: GovernorName
    public let gpuGovernorName: GovernorName
    /// `nil`: the largest level meeting the accuracy floor (decided per scenario at `begin`).
    public let fixedLevel: Int?
    public let cpuFloorKHz: Int
    public private(set) var level = 0
    private var cpu: (any Governor)?
    private var gpu: (any Governor)?
    private var cpuIndexOfKHz: [Int: Int] = [:]
    private var gpuIndexOfKHz: [Int: Int] = [:]
    private var nowUs: Int64 = 0

    public init(name: String, cpu: GovernorName, gpu: GovernorName, level: Int? = nil, cpuFloorKHz: Int = 0) {
        self.name = name
        cpuGovernorName = cpu
        gpuGovernorName = gpu
        fixedLevel = level
        self.cpuFloorKHz = cpuFloorKHz
    }

    public func begin(env: RuntimeEnv, observation: [Float]) throws {
        level = fixedLevel ?? largestLevelMeetingFloor(env)
        let cpuAllowed = env.cpuFrequenciesKHz.filter { $0 >= cpuFloorKHz }
        let cpuTable = try FrequencyTable(frequenciesKHz: cpuAllowed.isEmpty ? [env.cpuFrequenciesKHz.last ?? 1] : cpuAllowed)
        let gpuTable = try FrequencyTable(frequenciesKHz: env.gpuFrequenciesKHz)
        cpuIndexOfKHz = Dictionary(uniqueKeysWithValues: env.cpuFrequenciesKHz.enumerated().map { ($1, $0) })
        gpuIndexOfKHz = Dictionary(uniqueKeysWithValues: env.gpuFrequenciesKHz.enumerated().map { ($1, $0) })
        // The episode starts at the highest OPPs (RuntimeEnv's reset state); so do the governors.
        cpu = cpuGovernorName.make(table: cpuTable, startFrequencyKHz: cpuTable.highestKHz)
        gpu = gpuGovernorName.make(table: gpuTable, startFrequencyKHz: gpuTable.highestKHz)
        nowUs = 0
    }

    public func decide(observation: [Float], env: RuntimeEnv) throws -> [Int] {
        let cpuKHz = cpu?.requestedFrequencyKHz ?? env.cpuFrequenciesKHz.last ?? 0
        let gpuKHz = gpu?.requestedFrequencyKHz ?? env.gpuFrequenciesKHz.last ?? 0
        return [level, cpuIndexOfKHz[cpuKHz] ?? env.cpuFrequenciesKHz.count - 1,
                gpuIndexOfKHz[gpuKHz] ?? env.gpuFrequenciesKHz.count - 1]
    }

    /// Replays the frame to the governors millisecond by millisecond, as the kernel would see it: during the
    /// inference the CPU and GPU are busy for the inference's share of the time (plus the co-runner's share of the
    /// rest), afterwards only the co-runner loads them. The governors sample on their own periods inside.
    public func observe(_ info: FrameInfo, env: RuntimeEnv) {
        let endUs = Int64((env.elapsedS * 1e6).rounded())
        let startUs = Int64((info.timeS * 1e6).rounded())
        let intervalUs = max(1, endUs - startUs)
        let inferenceEndUs = startUs + min(intervalUs, Int64((info.latencyMs * 1000).rounded()))
        let scale = Double(intervalUs) / Double(max(1, inferenceEndUs - startUs))
        let cpuShare = min(1, info.cpuBusy * scale)
        let gpuShare = min(1, info.gpuBusy * scale)
        let cpuDuring = cpuShare + info.coRunnerCPU * (1 - cpuShare)
        let gpuDuring = gpuShare + info.coRunnerGPU * (1 - gpuShare)
        var t = max(nowUs, startUs)
        while t < endUs {
            let next = min(endUs, t + 1000)
            let running = t < inferenceEndUs
            cpu?.update(nowUs: next, busyFraction: running ? cpuDuring : info.coRunnerCPU)
            gpu?.update(nowUs: next, busyFraction: running ? gpuDuring : info.coRunnerGPU)
            t = next
        }
        nowUs = endUs
    }
}

/// The governor baselines by the names `tandem evaluate --baselines` accepts: the CPU governor and the GPU governor
/// the board pairs with it (schedutil ↔ nvhost_podgov, the L4T default; ondemand ↔ simple_ondemand; performance ↔
/// the GPU at its maximum).
public enum GovernorBaseline: String, CaseIterable, Sendable {
    case schedutil
    case schedutilL4T = "schedutil-l4t"
    case ondemand
    case conservative
    case performance
    case powersave

    public var pair: (cpu: GovernorName, gpu: GovernorName) {
        switch self {
        case .schedutil: return (.schedutil, .podgov)
        case .schedutilL4T: return (.schedutilL4T, .podgov)
        case .ondemand: return (.ondemand, .simpleOndemand)
        case .conservative: return (.conservative, .simpleOndemand)
        case .performance: return (.performance, .performance)
        case .powersave: return (.powersave, .powersave)
        }
    }

    /// The baseline running `level` (nil: the largest level meeting the floor).
    public func controller(level: Int? = nil, cpuFloorKHz: Int, name: String? = nil) -> GovernorController {
        GovernorController(name: name ?? rawValue, cpu: pair.cpu, gpu: pair.gpu, level: level, cpuFloorKHz: cpuFloorKHz)
    }
}
