/// What groups and datasets share: a path in the file and attributes. The typed accessors mirror the libhdf5
/// module's `HDF5AttributeHolder`: absent → `nil`, present with another type → a `wrongType` error.
public protocol HDF5ReadOnlyObject: Sendable {
    /// Absolute path inside the file (`/` for the root).
    var path: String { get }
    /// The file's path on disk, for messages.
    var filePath: String { get }
    /// Attribute names in the order they are stored.
    var attributeNames: [String] { get }
    /// The value of attribute `name`, `nil` if there is none.
    func attribute(_ name: String) throws(HDF5ReadError) -> HDF5ReadOnlyAttributeValue?
}

extension HDF5ReadOnlyObject {
    public func hasAttribute(_ name: String) -> Bool { attributeNames.contains(name) }

    /// A string attribute (or a one-element string array).
    public func stringAttribute(_ name: String) throws(HDF5ReadError) -> String? {
        switch try attribute(name) {
        case nil: return nil
        case .string(let text): return text
        case .strings(let texts) where texts.count == 1: return texts[0]
        case let other?: throw mismatch(name, other, "a string")
        }
    }

    /// An integer attribute (or a one-element integer array).
    public func intAttribute(_ name: String) throws(HDF5ReadError) -> Int? {
        switch try attribute(name) {
        case nil: return nil
        case .int(let number): return number
        case .ints(let numbers) where numbers.count == 1: return numbers[0]
        case let other?: throw mismatch(name, other, "an integer")
        }
    }

    /// A real attribute; integers are accepted and converted.
    public func doubleAttribute(_ name: String) throws(HDF5ReadError) -> Double? {
        switch try attribute(name) {
        case nil: return nil
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .doubles(let numbers) where numbers.count == 1: return numbers[0]
        case let other?: throw mismatch(name, other, "a number")
        }
    }

    /// A string-array attribute (a single string gives a one-element array).
    public func stringsAttribute(_ name: String) throws(HDF5ReadError) -> [String]? {
        switch try attribute(name) {
        case nil: return nil
        case .strings(let texts): return texts
        case .string(let text): return [text]
        case let other?: throw mismatch(name, other, "strings")
        }
    }

    /// An integer-array attribute (a single integer gives a one-element array).
    public func intsAttribute(_ name: String) throws(HDF5ReadError) -> [Int]? {
        switch try attribute(name) {
        case nil: return nil
        case .ints(let numbers): return numbers
        case .int(let number): return [number]
        case let other?: throw mismatch(name, other, "integers")
        }
    }

    /// A real-array attribute (integers accepted; a single value gives a one-element array).
    public func doublesAttribute(_ name: String) throws(HDF5ReadError) -> [Double]? {
        switch try attribute(name) {
        case nil: return nil
        case .doubles(let numbers): return numbers
        case .double(let number): return [number]
        case .ints(let numbers): return numbers.map { Double($0) }
        case .int(let number): return [Double(number)]
        case let other?: throw mismatch(name, other, "numbers")
        }
    }

    private func mismatch(_ name: String, _ found: HDF5ReadOnlyAttributeValue, _ expected: String) -> HDF5ReadError {
        HDF5ReadError(file: filePath, object: path, kind: .wrongType,
                      reason: "attribute '\(name)': expected \(expected), found \(found)")
    }
}
