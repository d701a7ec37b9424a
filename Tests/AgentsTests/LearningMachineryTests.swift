import Agents
import Environment
import Tensor
import Testing

@Suite("Learning machinery")
struct LearningMachineryTests {
    /// A weighted sum of the outputs, L = Σ wᵢ yᵢ, so ∂L/∂y = w, computed in Double.
    static func loss(_ network: TrainableMLP, inputs: [[Float]], weights: [Float]) -> Double {
        var total = 0.0
        for (row, input) in inputs.enumerated() {
            let output = network(input)
            for (k, y) in output.enumerated() { total += Double(weights[row * output.count + k]) * Double(y) }
        }
        return total
    }

    @Test("backprop agrees with central finite differences", arguments: [Activation.relu, Activation.tanh])
    func backpropMatchesFiniteDifferences(activation: Activation) {
        var random = RandomStream(seed: 7)
        let network = TrainableMLP(sizes: [5, 8, 7, 3], hiddenActivation: activation, outputActivation: .none,
                                   outputGain: 1, random: &random)
        let batch = 4
        let inputs = (0..<batch).map { _ in (0..<5).map { _ in random.nextFloat() * 2 - 1 } }
        let weights = (0..<(batch * 3)).map { _ in random.nextFloat() * 2 - 1 }
        let workspace = TrainableMLP.Batch(network: network, batchSize: batch)
        workspace.input = inputs.flatMap { $0 }
        workspace.forward(network)
        // The batched forward agrees with the one-observation forward.
        for row in 0..<batch {
            let single = network(inputs[row])
            for k in 0..<3 { #expect(abs(single[k] - workspace.output[row * 3 + k]) < 1e-5) }
        }
        var gradients = [Float](repeating: 0, count: network.parameters.count)
        workspace.backward(network, outputGradient: weights, gradients: &gradients)

        var checked = 0
        for index in stride(from: 0, to: network.parameters.count, by: 3) {
            var plus = network, minus = network
            let h: Float = 1e-2
            plus.parameters[index] += h
            minus.parameters[index] -= h
            let numeric = (Self.loss(plus, inputs: inputs, weights: weights)
                - Self.loss(minus, inputs: inputs, weights: weights)) / Double(2 * h)
            // ReLU kinks make a finite difference wrong when a pre-activation crosses 0 within ±h: tolerate
            // a few of those, but require close agreement almost everywhere.
            if abs(numeric - Double(gradients[index])) <= 2e-3 + 2e-2 * abs(numeric) { checked += 1 }
        }
        let total = (network.parameters.count + 2) / 3
        #expect(checked >= total - (activation == .relu ? 2 : 0), "\(checked) of \(total) gradients agree")
    }

    @Test("Adam's first step moves every parameter by lr·sign(g) (bias correction)")
    func adamFirstStep() {
        var optimizer = Adam(parameterCount: 3, learningRate: 0.1)
        var parameters: [Float] = [1, -2, 3]
        optimizer.update(&parameters, gradients: [0.5, -4, 1e-3])
        #expect(abs(parameters[0] - 0.9) < 1e-4)
        #expect(abs(parameters[1] - -1.9) < 1e-4)
        #expect(abs(parameters[2] - 2.9) < 1e-3)
        #expect(optimizer.stepCount == 1)
    }

    @Test("Huber and MSE: values and gradients against closed forms")
    func losses() {
        let predictions: [Float] = [0, 0.5, 3, -2]
        let targets: [Float] = [0, 0, 0, 0]
        var gradient = [Float](repeating: 0, count: 4)
        let huber = Losses.huber(predictions: predictions, targets: targets, delta: 1, gradient: &gradient)
        // ½·0.25 = 0.125; 3 − 0.5 = 2.5; 2 − 0.5 = 1.5; mean over 4.
        #expect(abs(huber - (0.125 + 2.5 + 1.5) / 4) < 1e-6)
        #expect(gradient == [0, 0.125, 0.25, -0.25])
        let mse = Losses.meanSquaredError(predictions: predictions, targets: targets, gradient: &gradient)
        #expect(abs(mse - (0.25 + 9 + 4) / 4) < 1e-6)
        #expect(gradient == [0, 0.25, 1.5, -1])
    }

    @Test("global-norm clipping rescales to the limit and leaves small gradients alone")
    func clipping() {
        var big: [Float] = [3, 4]
        let norm = GradientClipping.clipGlobalNorm(&big, maxNorm: 1)
        #expect(norm == 5)
        #expect(abs((big[0] * big[0] + big[1] * big[1]).squareRoot() - 1) < 1e-5)
        var small: [Float] = [0.3, 0.4]
        GradientClipping.clipGlobalNorm(&small, maxNorm: 1)
        #expect(small == [0.3, 0.4])
        var a: [Float] = [3], b: [Float] = [4]
        #expect(GradientClipping.clipGlobalNorm(&a, &b, maxNorm: 2.5) == 5)
        #expect(abs(a[0] - 1.5) < 1e-5 && abs(b[0] - 2) < 1e-5)
    }

    @Test("replay buffer overwrites the oldest transition and samples only held ones")
    func replayBuffer() {
        var buffer = ReplayBuffer(capacity: 3, observationCount: 1, actionCount: 1)
        for k in 0..<5 {
            buffer.add(observation: [Float(k)], action: [k], reward: Float(k), nextObservation: [Float(k + 1)],
                       terminated: k == 4)
        }
        #expect(buffer.count == 3)
        #expect(buffer.rewards.sorted() == [2, 3, 4])
        #expect(buffer.terminated[1] == 1)  // transition 4 went to slot 4 mod 3 = 1
        var random = RandomStream(seed: 1)
        #expect(buffer.sampleIndices(100, random: &random).allSatisfy { (0..<3).contains($0) })
    }

    @Test("random stream 0 is the environment's xoshiro256** and a restored state continues the sequence")
    func randomStream() {
        var ours = RandomStream(seed: 42)
        var reference = Xoshiro256StarStar(seed: 42)
        for _ in 0..<100 { #expect(ours.next() == reference.next()) }
        let saved = ours.state
        let expected = (0..<10).map { _ in ours.next() }
        var restored = RandomStream(state: saved)
        #expect(restored != nil)
        #expect((0..<10).compactMap { _ in restored?.next() } == expected)
        #expect(RandomStream(seed: 42, stream: 1).state != RandomStream(seed: 42, stream: 2).state)
        #expect(RandomStream(state: [0, 0, 0, 0]) == nil)
    }

    @Test("Lagrange multiplier: dual ascent rises while the cost exceeds the limit and never goes negative")
    func lagrange() {
        var multiplier = LagrangeMultiplier(learningRate: 1, costLimit: 0.1)
        multiplier.update(meanCost: 0.6)
        #expect(abs(multiplier.value - 0.5) < 1e-12)
        multiplier.update(meanCost: 0)
        #expect(abs(multiplier.value - 0.4) < 1e-12)
        multiplier.update(meanCost: -10)
        #expect(multiplier.value == 0)
        #expect(multiplier.penalized(reward: 1, cost: 1) == 1)
    }
}
