/// A dataset's values in row-major order with their shape (`[]` for a scalar dataset).
public struct HDF5ReadOnlyArray<Element: HDF5ReadableNumber & Equatable>: Sendable, Equatable {
    public let shape: [Int]
    public let values: [Element]

    public init(shape: [Int], values: [Element]) {
        self.shape = shape
        self.values = values
    }

    public var rank: Int { shape.count }
    public var count: Int { values.count }
}
