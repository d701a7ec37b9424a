import Foundation
import Policy
import PolicyWriter
import Tensor
import TestSupport
import Testing

@Suite("PolicyRuntime")
struct PolicyRuntimeTests {
    /// The sample network evaluated in Double with plain loops: the independent reference.
    static func referenceAction(_ policy: PolicyFile, _ observation: [Float]) -> [Int] {
        guard case .network(let layers) = policy.model else { return [] }
        var x = (0..<observation.count).map {
            min(max(Double(observation[$0] - policy.normalization.mean[$0]) / Double(policy.normalization.std[$0]), -10), 10)
        }
        for layer in layers {
            var y = [Double](repeating: 0, count: layer.outFeatures)
            for o in 0..<layer.outFeatures {
                var sum = Double(layer.bias.values[o])
                for i in 0..<layer.inFeatures { sum += Double(layer.weights.values[o * layer.inFeatures + i]) * x[i] }
                y[o] = layer.activation == .tanh ? Foundation.tanh(sum) : sum
            }
            x = y
        }
        var action: [Int] = []
        var offset = 0
        for n in policy.actions.nvec {
            let segment = x[offset..<(offset + n)]
            action.append(segment.firstIndex(of: segment.max() ?? 0).map { $0 - offset } ?? 0)
            offset += n
        }
        return action
    }

    @Test("decides like a naive Double evaluation of the same network (away from near-ties)")
    func matchesReference() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("p.h5").path
        let policy = try samplePolicy()
        try policy.write(to: path)
        let runtime = try PolicyRuntime(path: path)
        var agreed = 0
        for k in 0..<1000 {
            let observation: [Float] = [30 + Float(k % 40), Float((k * 7) % 90), Float(k % 10) / 10]
            if try runtime.decide(observation: observation) == Self.referenceAction(policy, observation) { agreed += 1 }
        }
        #expect(agreed >= 995, "\(agreed) of 1000")
    }

    @Test("a Q-table policy picks the argmax of its state's row per dimension")
    func qTable() throws {
        let grid = ObservationDiscretization(edges: [[45], [], [0.5]])
        // 4 states × (3 + 1 + 1) scores; state = 2·bin(f0) + bin(f2).
        var values = [Float](repeating: 0, count: 20)
        values[0 * 5 + 2] = 1  // state 0 → subnet 2
        values[1 * 5 + 1] = 1  // state 1 → subnet 1
        values[3 * 5 + 0] = 5  // state 3 → subnet 0
        let runtime = PolicyRuntime(policy: try samplePolicy(model: .qTable(discretization: grid, values: values)))
        #expect(try runtime.decide(observation: [40, 0, 0.1]) == [2, 0, 0])
        #expect(try runtime.decide(observation: [40, 0, 0.9]) == [1, 0, 0])
        #expect(try runtime.decide(observation: [50, 0, 0.9]) == [0, 0, 0])
        #expect(try runtime.decide(observation: [50, 0, 0.1]) == [0, 0, 0])  // ties: the lowest index
    }

    @Test("NaN or infinity in an observation: a typed error, or the documented safe action; never a crash")
    func nonFinite() throws {
        let runtime = PolicyRuntime(policy: try samplePolicy())
        #expect(throws: PolicyRuntime.DecisionError.nonFiniteObservation(index: 1, name: "last_latency_ms", value: .infinity)) {
            try runtime.decide(observation: [50, .infinity, 0.2])
        }
        do {
            _ = try runtime.decide(observation: [50, .nan, 0.2])
            Issue.record("NaN accepted")
        } catch {
            #expect(error.description.contains("last_latency_ms"))
        }
        #expect(throws: PolicyRuntime.DecisionError.wrongObservationCount(expected: 3, found: 2)) {
            try runtime.decide(observation: [50, 1])
        }
        // Safe action: smallest sub-network (index 0) at the highest OPPs.
        #expect(runtime.decideOrSafe(observation: [.nan, 1, 1]) == [0, 0, 0])
        #expect(runtime.policy.actions.safeAction == [0, 0, 0])
        #expect(ActionTables.defaultSafeAction(nvec: [13, 11, 9], dimensionNames: ["subnet", "cpu_opp", "gpu_opp"]) == [0, 10, 8])
    }

    @Test("the preallocated buffer path and the array path decide the same")
    func bufferPath() throws {
        let runtime = PolicyRuntime(policy: try samplePolicy())
        let observation: [Float] = [55, 60, 0.7]
        var action = [Int](repeating: -1, count: 3)
        try observation.withUnsafeBufferPointer { input in
            try action.withUnsafeMutableBufferPointer { output in try runtime.decide(observation: input, into: output) }
        }
        #expect(action == (try runtime.decide(observation: observation)))
    }
}
