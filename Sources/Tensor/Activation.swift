/// An element-wise activation, with exactly PyTorch's definitions. Kernels take one to fuse it into their
/// epilogue (applied after the bias), and `apply(to:count:)` runs it in place over a buffer.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// Identity.
    case none
    /// max(x, 0).
    case relu
    /// min(max(x, 0), 6).
    case relu6
    /// x · relu6(x + 3) / 6 (PyTorch `Hardswish`).
    case hardSwish
    /// relu6(x + 3) / 6 (PyTorch `Hardsigmoid`).
    case hardSigmoid
    /// tanh(x).
    case tanh
    /// 1 / (1 + e^−x).
    case sigmoid

    /// The activation of one value (the reference the vector paths agree with).
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .none: return x
        case .relu: return ReLUActivation.apply(x)
        case .relu6: return ReLU6Activation.apply(x)
        case .hardSwish: return HardSwishActivation.apply(x)
        case .hardSigmoid: return HardSigmoidActivation.apply(x)
        case .tanh: return TanhActivation.apply(x)
        case .sigmoid: return SigmoidActivation.apply(x)
        }
    }

    /// Applies the activation in place to `count` values starting at `data`.
    public func apply(to data: UnsafeMutablePointer<Float>, count: Int) {
        Kernels.activate(self, data, count: count)
    }
}
