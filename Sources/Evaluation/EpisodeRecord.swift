import Environment

/// Every frame of one controller's episode: the time series a results file stores.
public struct EpisodeRecord: Equatable, Sendable {
    public var controller: String
    public var timeS: [Double] = []
    public var latencyMs: [Double] = []
    public var targetMs: [Double] = []
    public var level: [Int] = []
    public var cpuKHz: [Int] = []
    public var gpuKHz: [Int] = []
    public var powerW: [Double] = []
    public var energyJ: [Double] = []
    public var top1Percent: [Double] = []
    public var temperatureC: [Double] = []
    public var frequencySwitches: [Int] = []
    public var rewards: [Double] = []

    public init(controller: String) { self.controller = controller }

    public var frameCount: Int { timeS.count }

    mutating func append(_ info: FrameInfo, reward: Double) {
        timeS.append(info.timeS)
        latencyMs.append(info.latencyMs)
        targetMs.append(info.latencyTargetMs)
        level.append(info.level)
        cpuKHz.append(info.cpuKHz)
        gpuKHz.append(info.gpuKHz)
        powerW.append(info.powerW)
        energyJ.append(info.energyJ)
        top1Percent.append(info.top1Percent)
        temperatureC.append(info.temperatureC)
        frequencySwitches.append(info.frequencySwitches)
        rewards.append(reward)
    }

    /// The summary numbers of this episode.
    public var metrics: ControllerMetrics { ControllerMetrics(self) }
}

/// What `tandem evaluate` reports per controller.
public struct ControllerMetrics: Equatable, Sendable {
    public var name: String
    public var frames: Int
    public var energyJ: Double
    public var energyPerFrameMJ: Double
    public var latencyP50Ms: Double
    public var latencyP95Ms: Double
    public var latencyP99Ms: Double
    /// Fraction of frames whose latency exceeded the target.
    public var missRate: Double
    /// Mean top-1 of the sub-networks used, over frames (percent).
    public var meanTop1Percent: Double
    /// CPU plus GPU frequency changes over the episode.
    public var frequencySwitches: Int
    public var levelSwitches: Int
    public var episodeReturn: Double

    public init(_ record: EpisodeRecord) {
        name = record.controller
        frames = record.frameCount
        energyJ = record.energyJ.reduce(0, +)
        energyPerFrameMJ = frames > 0 ? energyJ * 1000 / Double(frames) : 0
        let sorted = record.latencyMs.sorted()
        latencyP50Ms = Percentile.linear(sorted, 0.50)
        latencyP95Ms = Percentile.linear(sorted, 0.95)
        latencyP99Ms = Percentile.linear(sorted, 0.99)
        let misses = zip(record.latencyMs, record.targetMs).filter { $0 > $1 }.count
        missRate = frames > 0 ? Double(misses) / Double(frames) : 0
        meanTop1Percent = frames > 0 ? record.top1Percent.reduce(0, +) / Double(frames) : 0
        frequencySwitches = record.frequencySwitches.reduce(0, +)
        levelSwitches = zip(record.level, record.level.dropFirst()).filter { $0 != $1 }.count
        episodeReturn = record.rewards.reduce(0, +)
    }
}

/// Percentiles of sorted samples.
public enum Percentile {
    /// Linear interpolation between closest ranks (NumPy's default `percentile(..., method="linear")`), so notebooks
    /// reading the series get the same numbers. `q` in 0…1; 0 for no samples.
    public static func linear(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
