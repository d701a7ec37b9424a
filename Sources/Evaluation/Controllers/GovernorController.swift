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

    public func observe(_ info: FrameInfo, env: RuntimeEnv) {
        nowUs = Int64((env.elapsedS * 1e6).rounded())
        let cpuBusy = info.cpuBusy + info.coRunnerCPU * (1 - info.cpuBusy)
        let gpuBusy = info.gpuBusy + info.coRunnerGPU * (1 - info.gpuBusy)
        cpu?.update(nowUs: nowUs, busyFraction: cpuBusy)
        gpu?.update(nowUs: nowUs, busyFraction: gpuBusy)
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
