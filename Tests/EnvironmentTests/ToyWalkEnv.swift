import Environment

/// A one-dimensional random walk for testing the contract: the position starts at a random integer in −2...2 drawn
/// from the environment's generator, the action moves it by −1, 0 or +1, the step's noise (drawn from the generator)
/// is the observation's second element (0 after a reset), and the episode terminates at |position| = 5. `Fault` breaks one rule of the
/// contract on purpose, so the checker can be shown to catch it.
final class ToyWalkEnv: FlatEnv {
    enum Fault { case none, nondeterministicReset, observationOutOfSpace, nanReward, truncatedAfterOneStep, closeTwiceThrows }
    struct ClosedTwice: Error {}

    typealias Info = NoInfo
    let fault: Fault
    let observationSpace = Box(low: [-1, 0], high: [1, 1])
    let actionSpace = MultiDiscrete([3])
    let observationCount = 2
    private(set) var rng = Xoshiro256StarStar(seed: 0)
    private var position = 0
    private var closeCount = 0

    init(fault: Fault = .none) { self.fault = fault }

    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) throws -> NoInfo {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        position = rng.nextInt(below: 5) - 2
        // The broken variant draws its first noise from the system's generator instead of its own: two resets
        // with the same seed then differ (with probability 1 − 2⁻²⁴).
        var system = SystemRandomNumberGenerator()
        write(noise: fault == .nondeterministicReset ? Float.random(in: 0..<1, using: &system) : 0, into: observation)
        return NoInfo()
    }

    func step(_ action: UnsafeBufferPointer<Int>, into observation: UnsafeMutableBufferPointer<Float>) throws
        -> StepOutcome<NoInfo>
    {
        position += action[0] - 1
        write(noise: rng.nextFloat(), into: observation)
        if fault == .observationOutOfSpace { observation[0] = 3 }
        let reward = fault == .nanReward ? Double.nan : -1
        return StepOutcome(reward: reward, terminated: abs(position) >= 5, truncated: fault == .truncatedAfterOneStep,
                           info: NoInfo())
    }

    func close() throws {
        closeCount += 1
        if fault == .closeTwiceThrows && closeCount > 1 { throw ClosedTwice() }
    }

    private func write(noise: Float, into observation: UnsafeMutableBufferPointer<Float>) {
        observation[0] = Float(position) / 5
        observation[1] = noise
    }
}
