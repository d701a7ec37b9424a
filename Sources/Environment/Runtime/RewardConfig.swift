/// How `RuntimeEnv` scores a frame. The default rewards low energy and penalises missing the latency target and
/// running a sub-network below the accuracy floor:
///
///     reward = − energy_mJ / energyScaleMJ
///              − missPenalty · [latency > target] − missPenaltyPerExcess · max(0, latency / target − 1)
///              − accuracyPenalty · [top1 < floor] − accuracyPenaltyPerPoint · max(0, floor − top1)
///              − switchPenalty · (number of CPU/GPU frequency changes this frame)
///
/// The frame's energy is the board's over the whole frame interval (on the simulated Xavier NX 0.6–2 J at 7–10 fps),
/// so with the default scale of 1 J a frame costs about −0.6…−2 and a miss at least −1 more: meeting the target
/// weighs as much as a frame's energy, and the accuracy floor about as much. Codable (JSON keys as the property names).
public struct RewardConfig: Codable, Equatable, Sendable {
    public var energyScaleMJ: Double = 1000
    public var missPenalty: Double = 1
    public var missPenaltyPerExcess: Double = 1
    public var accuracyPenalty: Double = 1
    public var accuracyPenaltyPerPoint: Double = 0.2
    public var switchPenalty: Double = 0

    public init(energyScaleMJ: Double = 1000, missPenalty: Double = 1, missPenaltyPerExcess: Double = 1,
                accuracyPenalty: Double = 1, accuracyPenaltyPerPoint: Double = 0.2, switchPenalty: Double = 0) {
        self.energyScaleMJ = energyScaleMJ
        self.missPenalty = missPenalty
        self.missPenaltyPerExcess = missPenaltyPerExcess
        self.accuracyPenalty = accuracyPenalty
        self.accuracyPenaltyPerPoint = accuracyPenaltyPerPoint
        self.switchPenalty = switchPenalty
    }

    public static let standard = RewardConfig()

    /// The reward of one frame.
    @inline(__always)
    public func reward(energyJ: Double, latencyMs: Double, targetMs: Double, top1Percent: Double,
                       floorPercent: Double, switches: Int) -> Double {
        var reward = -energyJ * 1000 / energyScaleMJ
        if latencyMs > targetMs { reward -= missPenalty + missPenaltyPerExcess * (latencyMs / targetMs - 1) }
        if top1Percent < floorPercent { reward -= accuracyPenalty + accuracyPenaltyPerPoint * (floorPercent - top1Percent) }
        reward -= switchPenalty * Double(switches)
        return reward
    }
}
