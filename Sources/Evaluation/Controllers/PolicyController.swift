import Environment

/// A learned policy: any function from the `RuntimeEnv` observation to the action (e.g. `PolicyRuntime.decide`
/// from the Policy module). Named `policy` in results unless told otherwise.
public final class PolicyController: EvaluatedController {
    public let name: String
    private let decision: ([Float]) throws -> [Int]

    public init(name: String = "policy", decide: @escaping ([Float]) throws -> [Int]) {
        self.name = name
        decision = decide
    }

    public func decide(observation: [Float], env: RuntimeEnv) throws -> [Int] { try decision(observation) }
}
