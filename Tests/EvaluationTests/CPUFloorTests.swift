import Environment
import Evaluation
import Platform
import Testing

/// Records which CPU frequencies the frames actually ran at, whatever the controller asked for.
private final class LowestCPURequest: EvaluatedController {
    let name = "lowest-cpu"
    func decide(observation: [Float], env: RuntimeEnv) throws -> [Int] { [env.levelTop1Percent.count - 1, 0, 0] }
}

@Suite("The nvpmodel CPU floor applies to every controller alike")
struct CPUFloorTests {
    @Test("a request below the floor runs at the lowest OPP at or above it; 0 lifts the floor")
    func clamp() throws {
        let scenario = try #require(try XavierNX.scenarios().first { $0.name == "paper-gpu-corunner" })
        let model = try XavierNX.model(.gpu)
        let floored = try Evaluator(scenario: scenario, model: model, seed: 1, cpuFloorKHz: xavierCPUFloorKHz)
            .run(LowestCPURequest())
        let expected = try #require(model.cpuFrequenciesKHz.first { $0 >= xavierCPUFloorKHz })
        #expect(floored.cpuKHz.allSatisfy { $0 == expected })
        let lifted = try Evaluator(scenario: scenario, model: model, seed: 1, cpuFloorKHz: 0).run(LowestCPURequest())
        #expect(lifted.cpuKHz.allSatisfy { $0 == model.cpuFrequenciesKHz[0] })
    }

    @Test("the oracle stays at or above the floor, and lifting the floor for it can only lower its energy")
    func oracleUnderFloor() throws {
        let scenario = try #require(try XavierNX.scenarios().first { $0.name == "paper-gpu-corunner" })
        let model = try XavierNX.model(.gpu)
        let floored = try Evaluator(scenario: scenario, model: model, seed: 3, cpuFloorKHz: xavierCPUFloorKHz)
            .run(.oracle, cpuFloorKHz: xavierCPUFloorKHz)
        #expect(floored.cpuKHz.allSatisfy { $0 >= xavierCPUFloorKHz })
        let lifted = try Evaluator(scenario: scenario, model: model, seed: 3, cpuFloorKHz: 0).run(.oracle, cpuFloorKHz: 0)
        #expect(lifted.metrics.energyJ <= floored.metrics.energyJ * (1 + 1e-9))
        #expect(lifted.cpuKHz.contains { $0 < xavierCPUFloorKHz }, "below the floor is cheaper for this GPU scenario")
    }
}
