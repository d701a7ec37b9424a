/// A dataset's contents: its shape (row-major, `[]` for a scalar) and its values in row-major order.
public struct HDF5Array<Element: HDF5Scalar>: Sendable, Equatable {
    public let shape: [Int]
    public let values: [Element]

    /// `nil` when `values.count` is not the product of `shape` (or a dimension is negative).
    public init?(shape: [Int], values: [Element]) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else { return nil }
        self.shape = shape
        self.values = values
    }

    init(validShape shape: [Int], values: [Element]) {
        self.shape = shape
        self.values = values
    }

    public var rank: Int { shape.count }
    public var count: Int { values.count }
}
