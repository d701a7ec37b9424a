/// A dense float32 tensor: a shape and its values, contiguous and row-major (images are NCHW).
///
/// The value type owns its storage (copy-on-write `[Float]`); kernels work on raw pointers obtained through
/// `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`, so hot loops never copy or allocate.
public struct Tensor: Sendable, Equatable {
    /// Dimensions, outermost first (`[N, C, H, W]` for a batch of images).
    public private(set) var shape: [Int]
    /// The values in row-major order; `values.count == elementCount` always holds.
    public private(set) var values: [Float]

    /// A tensor of `shape` with every element `value`. Dimensions must be non-negative.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:repeating:): negative dimension in \(shape)")
        self.shape = shape
        self.values = [Float](repeating: value, count: Tensor.elementCount(of: shape))
    }

    /// A tensor of `shape` holding `values` in row-major order.
    /// - Throws: `TensorError` when a dimension is negative or the count does not match the shape.
    public init(shape: [Int], values: [Float]) throws(TensorError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .negativeDimension(shape: shape) }
        let expected = Tensor.elementCount(of: shape)
        guard values.count == expected else {
            throw .valueCountMismatch(shape: shape, expected: expected, actual: values.count)
        }
        self.shape = shape
        self.values = values
    }

    /// The number of elements of a shape (1 for the scalar shape `[]`).
    public static func elementCount(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The number of elements (the product of the shape).
    public var elementCount: Int { values.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// Row-major strides in elements: `strides[i]` is how far one step along dimension `i` moves.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// The element at a flat (row-major) position.
    public subscript(flat index: Int) -> Float {
        get { values[index] }
        set { values[index] = newValue }
    }

    /// The element at a multi-dimensional index (one coordinate per dimension).
    public subscript(_ indices: Int...) -> Float {
        get { values[flatIndex(indices)] }
        set { values[flatIndex(indices)] = newValue }
    }

    /// The row-major flat position of `indices`; each must lie within its dimension.
    public func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "Tensor index \(indices) does not match rank \(shape.count)")
        var flat = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "Tensor index \(indices) out of bounds for \(shape)")
            flat = flat * shape[axis] + index
        }
        return flat
    }

    /// The same values under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        try Tensor(shape: newShape, values: values)
    }

    /// Calls `body` with a pointer to the contiguous values.
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Float>) throws(E) -> R
    ) throws(E) -> R {
        try values.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the contiguous values (the shape cannot change).
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws(E) -> R
    ) throws(E) -> R {
        // The closure receives an `inout` buffer; handing out a copy of the pointer keeps the count fixed.
        try values.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<Float>) throws(E) -> R in
            try body(buffer)
        }
    }
}
