import Synchronization

/// The simulated twin of a power sensor: the rails of a `PlatformSimulator`'s description, reporting the mean power
/// of the last recorded frame and the energy summed over every recorded frame (like an INA3221 sampled once per
/// frame plus an ideal energy counter). Code written against `PowerRailSensor` reads it as it reads a board.
public final class SimulatedPowerRails: PowerRailSensor {
    private struct State {
        var powerW: [Double?]
        var energyJ: [Double]
    }

    public let railNames: [String]
    private let simulator: PlatformSimulator
    private let state: Mutex<State>

    public init(simulator: PlatformSimulator) {
        self.simulator = simulator
        railNames = simulator.platform.powerRails.rails.map(\.name)
        state = Mutex(State(powerW: Array(repeating: nil, count: railNames.count),
                            energyJ: Array(repeating: 0, count: railNames.count)))
    }

    public var sourceDescription: String { "simulated \(simulator.platform.name) rails" }

    /// Records one simulated frame.
    public func record(_ outcome: FrameOutcome) {
        state.withLock { state in
            for index in state.powerW.indices {
                let power = simulator.railPowerW(outcome, rail: index)
                state.powerW[index] = power
                state.energyJ[index] += (power ?? 0) * outcome.frameTimeMs / 1000
            }
        }
    }

    /// Rails the power model does not cover report nil power and zero energy.
    public func read() -> [RailSample] {
        state.withLock { state in
            railNames.indices.map { RailSample(name: railNames[$0], powerW: state.powerW[$0], energyJ: state.energyJ[$0]) }
        }
    }
}
