import Environment

/// `RuntimeEnv`'s frame report as the trainer reads it: a missed latency target is the constraint cost; energy,
/// latency and top-1 are the frame's own.
extension FrameInfo: StepSignals {
    public var constraintCost: Double { missed ? 1 : 0 }
}
