/// Errors of the Tensor module: a shape that does not fit its values or its use.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A dimension was negative.
    case negativeDimension(shape: [Int])
    /// `values.count` differs from the product of the shape.
    case valueCountMismatch(shape: [Int], expected: Int, actual: Int)
    /// Two shapes that must agree do not (`context` names the operation and the operand).
    case shapeMismatch(context: String, expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .negativeDimension(let shape):
            return "tensor shape \(shape) has a negative dimension"
        case .valueCountMismatch(let shape, let expected, let actual):
            return "tensor shape \(shape) needs \(expected) values, got \(actual)"
        case .shapeMismatch(let context, let expected, let actual):
            return "\(context): expected shape \(expected), got \(actual)"
        }
    }
}
