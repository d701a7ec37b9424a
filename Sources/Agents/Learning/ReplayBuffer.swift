/// A uniform experience-replay ring buffer (Lin, 1992; Mnih et al., 2015) of fixed capacity: the oldest transition
/// is overwritten first, and `sample` draws indices uniformly with replacement.
///
/// Transitions are stored column-wise in flat arrays (no per-transition allocation); the whole buffer is state and
/// goes into checkpoints.
public struct ReplayBuffer: Codable, Equatable, Sendable {
    public let capacity: Int
    public let observationCount: Int
    public let actionCount: Int
    public private(set) var observations: [Float]
    public private(set) var nextObservations: [Float]
    public private(set) var actions: [Int32]
    public private(set) var rewards: [Float]
    /// The constraint cost of each transition (kept apart so the current Lagrange multiplier applies on replay).
    public private(set) var costs: [Float]
    /// 1 where the transition ended the episode in a terminal state (no bootstrapping), else 0.
    public private(set) var terminated: [Float]
    /// The number of transitions held (≤ capacity).
    public private(set) var count = 0
    /// Where the next transition goes.
    public private(set) var cursor = 0

    public init(capacity: Int, observationCount: Int, actionCount: Int) {
        precondition(capacity > 0, "ReplayBuffer: capacity must be positive")
        self.capacity = capacity
        self.observationCount = observationCount
        self.actionCount = actionCount
        observations = [Float](repeating: 0, count: capacity * observationCount)
        nextObservations = observations
        actions = [Int32](repeating: 0, count: capacity * actionCount)
        rewards = [Float](repeating: 0, count: capacity)
        costs = rewards
        terminated = rewards
    }

    public mutating func add(observation: [Float], action: [Int], reward: Float, cost: Float = 0, nextObservation: [Float],
                             terminated isTerminal: Bool) {
        let o = cursor * observationCount
        for index in 0..<observationCount {
            observations[o + index] = observation[index]
            nextObservations[o + index] = nextObservation[index]
        }
        for index in 0..<actionCount { actions[cursor * actionCount + index] = Int32(action[index]) }
        rewards[cursor] = reward
        costs[cursor] = cost
        terminated[cursor] = isTerminal ? 1 : 0
        cursor = (cursor + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// `batchSize` indices drawn uniformly from the held transitions.
    public func sampleIndices(_ batchSize: Int, random: inout RandomStream) -> [Int] {
        precondition(count > 0, "ReplayBuffer.sampleIndices: the buffer is empty")
        return (0..<batchSize).map { _ in random.nextInt(below: count) }
    }

    /// Rebuilds a buffer from checkpointed columns; `nil` when the sizes do not fit together.
    public init?(capacity: Int, observationCount: Int, actionCount: Int, observations: [Float],
                 nextObservations: [Float], actions: [Int32], rewards: [Float], costs: [Float],
                 terminated: [Float], count: Int, cursor: Int) {
        guard capacity > 0, observations.count == capacity * observationCount,
              nextObservations.count == observations.count, actions.count == capacity * actionCount,
              rewards.count == capacity, costs.count == capacity, terminated.count == capacity,
              (0...capacity).contains(count), (0..<capacity).contains(cursor) else { return nil }
        self.capacity = capacity
        self.observationCount = observationCount
        self.actionCount = actionCount
        self.observations = observations
        self.nextObservations = nextObservations
        self.actions = actions
        self.rewards = rewards
        self.costs = costs
        self.terminated = terminated
        self.count = count
        self.cursor = cursor
    }
}
