/// Adam (Kingma & Ba, 2015) over one flat parameter array, with PyTorch's defaults and bias correction:
///
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
///     θ ← θ − lr · m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
///
/// The moments and the step count are state: a checkpoint stores them so a resumed run continues identically.
public struct Adam: Codable, Equatable, Sendable {
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public private(set) var firstMoment: [Float]
    public private(set) var secondMoment: [Float]
    public private(set) var stepCount: Int = 0

    public init(parameterCount: Int, learningRate: Float, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.epsilon = epsilon
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = firstMoment
    }

    /// One update of `parameters` along `gradients` (same count).
    public mutating func update(_ parameters: inout [Float], gradients: [Float]) {
        precondition(parameters.count == firstMoment.count && gradients.count == firstMoment.count,
                     "Adam.update: \(parameters.count) parameters, \(gradients.count) gradients, \(firstMoment.count) moments")
        stepCount += 1
        let correction1 = 1 - Float(Double(beta1).power(stepCount))
        let correction2 = 1 - Float(Double(beta2).power(stepCount))
        let stepSize = learningRate / correction1
        let root2 = correction2.squareRoot()
        for index in parameters.indices {
            let g = gradients[index]
            firstMoment[index] = beta1 * firstMoment[index] + (1 - beta1) * g
            secondMoment[index] = beta2 * secondMoment[index] + (1 - beta2) * g * g
            parameters[index] -= stepSize * firstMoment[index] / (secondMoment[index].squareRoot() / root2 + epsilon)
        }
    }

    /// Restores moments and step count from a checkpoint; `false` when the counts do not match this optimiser.
    public mutating func restore(firstMoment: [Float], secondMoment: [Float], stepCount: Int) -> Bool {
        guard firstMoment.count == self.firstMoment.count, secondMoment.count == self.secondMoment.count,
              stepCount >= 0 else { return false }
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.stepCount = stepCount
        return true
    }
}

extension Double {
    /// self raised to a non-negative integer power (square-and-multiply; no libm needed).
    func power(_ exponent: Int) -> Double {
        var result = 1.0, base = self, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            base *= base
            remaining >>= 1
        }
        return result
    }
}
