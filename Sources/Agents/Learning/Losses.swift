/// Regression losses, each returning the mean loss over `predictions` and writing ∂loss/∂prediction (of that mean)
/// into `gradient`, entry by entry. The mean divides by `divisor` (default: the entry count).
public enum Losses {
    /// Huber loss (PyTorch `HuberLoss(delta:)`): ½e² for |e| ≤ δ,
    /// δ(|e| − ½δ) beyond, with e = prediction − target. DQN uses it so one large TD error cannot blow a step up.
    public static func huber(predictions: [Float], targets: [Float], delta: Float = 1,
                             gradient: inout [Float], divisor: Int? = nil) -> Float {
        precondition(predictions.count == targets.count && gradient.count == predictions.count, "Losses.huber: counts")
        let scale = 1 / Float(divisor ?? predictions.count)
        var total: Float = 0
        for index in predictions.indices {
            let error = predictions[index] - targets[index]
            if abs(error) <= delta {
                total += 0.5 * error * error
                gradient[index] = error * scale
            } else {
                total += delta * (abs(error) - 0.5 * delta)
                gradient[index] = (error > 0 ? delta : -delta) * scale
            }
        }
        return total * scale
    }

    /// Mean squared error mean((p − t)²), gradient 2(p − t)/n, as PyTorch
    /// `MSELoss`. PPO's value loss uses it (scaled by `vf_coef`).
    public static func meanSquaredError(predictions: [Float], targets: [Float],
                                        gradient: inout [Float], divisor: Int? = nil) -> Float {
        precondition(predictions.count == targets.count && gradient.count == predictions.count, "Losses.mse: counts")
        let scale = 1 / Float(divisor ?? predictions.count)
        var total: Float = 0
        for index in predictions.indices {
            let error = predictions[index] - targets[index]
            total += error * error
            gradient[index] = 2 * error * scale
        }
        return total * scale
    }
}

/// Global-norm gradient clipping (PyTorch `clip_grad_norm_`): when ‖g‖₂ over the whole array exceeds `maxNorm`, every
/// entry is scaled by maxNorm / (‖g‖₂ + 1e-6). Returns the norm before clipping.
public enum GradientClipping {
    @discardableResult
    public static func clipGlobalNorm(_ gradients: inout [Float], maxNorm: Float) -> Float {
        var sumOfSquares: Double = 0
        for value in gradients { sumOfSquares += Double(value) * Double(value) }
        let norm = Float(sumOfSquares.squareRoot())
        if norm > maxNorm {
            let scale = maxNorm / (norm + 1e-6)
            for index in gradients.indices { gradients[index] *= scale }
        }
        return norm
    }
}

extension GradientClipping {
    /// `clipGlobalNorm` over two arrays taken together (an actor and a critic sharing one optimiser step, as
    /// PyTorch clips every parameter of `agent.parameters()` at once).
    @discardableResult
    public static func clipGlobalNorm(_ first: inout [Float], _ second: inout [Float], maxNorm: Float) -> Float {
        var sumOfSquares: Double = 0
        for value in first { sumOfSquares += Double(value) * Double(value) }
        for value in second { sumOfSquares += Double(value) * Double(value) }
        let norm = Float(sumOfSquares.squareRoot())
        if norm > maxNorm {
            let scale = maxNorm / (norm + 1e-6)
            for index in first.indices { first[index] *= scale }
            for index in second.indices { second[index] *= scale }
        }
        return norm
    }
}
