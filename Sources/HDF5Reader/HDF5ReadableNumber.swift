/// A Swift number the reader can fill from a stored integer or float. Integers convert to any readable type when
/// they fit; floats convert to floating-point types only (a stored float read as an integer is a type error, not a
/// silent truncation).
public protocol HDF5ReadableNumber: Sendable {
    /// The value for a stored integer, `nil` when it does not fit.
    init?(storedInteger value: Int64)
    init?(storedUnsigned value: UInt64)
    /// The value for a stored float, `nil` when this is an integer type.
    init?(storedFloat value: Double)
}

extension Float: HDF5ReadableNumber {
    public init?(storedInteger value: Int64) { self = Float(value) }
    public init?(storedUnsigned value: UInt64) { self = Float(value) }
    public init?(storedFloat value: Double) { self = Float(value) }
}

extension Double: HDF5ReadableNumber {
    public init?(storedInteger value: Int64) { self = Double(value) }
    public init?(storedUnsigned value: UInt64) { self = Double(value) }
    public init?(storedFloat value: Double) { self = value }
}

extension Int: HDF5ReadableNumber {
    public init?(storedInteger value: Int64) { self.init(exactly: value) }
    public init?(storedUnsigned value: UInt64) { self.init(exactly: value) }
    public init?(storedFloat value: Double) { return nil }
}

extension Int64: HDF5ReadableNumber {
    public init?(storedInteger value: Int64) { self = value }
    public init?(storedUnsigned value: UInt64) { self.init(exactly: value) }
    public init?(storedFloat value: Double) { return nil }
}

extension Int32: HDF5ReadableNumber {
    public init?(storedInteger value: Int64) { self.init(exactly: value) }
    public init?(storedUnsigned value: UInt64) { self.init(exactly: value) }
    public init?(storedFloat value: Double) { return nil }
}
