import Foundation

/// Runs an agent to its step budget the way `tandem train` does: in segments that end on checkpoint boundaries,
/// writing the checkpoint (atomically) at each boundary, so a run killed at any moment and resumed with the same
/// settings loses at most one interval and then continues exactly as the uninterrupted run did. Records the agent's
/// metrics, plus `charts/SPS` (environment steps per second of wall time), into a `MetricsLog`.
public final class Trainer<Agent: TrainableAgent> {
    public let agent: Agent
    public let totalSteps: Int
    /// Steps between checkpoints (rounded up to the agent's step granularity); nil: no checkpoints.
    public let checkpointEvery: Int?
    public let checkpointPath: String?
    public private(set) var log: MetricsLog
    /// Called with the global step every few hundred steps and at each boundary.
    public var onProgress: (Int) -> Void = { _ in }
    /// Called after each checkpoint is written (with the metrics so far), e.g. to save the log beside it.
    public var onCheckpoint: (Int, MetricsLog) throws -> Void = { _, _ in }

    public init(agent: Agent, totalSteps: Int, checkpointEvery: Int?, checkpointPath: String?, log: MetricsLog = MetricsLog()) {
        self.agent = agent
        self.totalSteps = totalSteps
        self.checkpointPath = checkpointPath
        if let every = checkpointEvery, every > 0 {
            let granularity = max(1, agent.stepGranularity)
            self.checkpointEvery = (every + granularity - 1) / granularity * granularity
        } else {
            self.checkpointEvery = nil
        }
        var log = log
        log.truncate(after: agent.globalStep)
        self.log = log
    }

    /// Trains to `totalSteps`.
    public func run() throws {
        var lastTime = ContinuousClock.now
        var lastStep = agent.globalStep
        let hooks = TrainingHooks(
            record: { [unowned self] name, value, step in log.record(name, value, step: step) },
            progress: { [unowned self] step in
                let now = ContinuousClock.now
                let elapsed = now - lastTime
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                if seconds >= 0.5 && step > lastStep {
                    log.record("charts/SPS", Double(step - lastStep) / seconds, step: step)
                    lastTime = now
                    lastStep = step
                }
                onProgress(step)
            })
        while agent.globalStep < totalSteps {
            let boundary: Int
            if let every = checkpointEvery {
                boundary = min(totalSteps, (agent.globalStep / every + 1) * every)
            } else {
                boundary = totalSteps
            }
            try agent.train(until: boundary, hooks: hooks)
            if let path = checkpointPath, checkpointEvery != nil {
                try agent.checkpoint().write(to: path)
                try onCheckpoint(agent.globalStep, log)
            }
        }
    }
}
