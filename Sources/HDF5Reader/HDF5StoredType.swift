/// An element type as stored in the file (datatype message, specification section IV.A.2.d), restricted to what
/// Tandem's and h5py's files use: integers, IEEE floats, fixed-size and variable-length strings.
public enum HDF5StoredType: Hashable, Sendable, CustomStringConvertible {
    /// A two's-complement (`signed`) or unsigned integer of `bytes` bytes.
    case integer(bytes: Int, signed: Bool, bigEndian: Bool)
    /// An IEEE 754 float of 2, 4 or 8 bytes.
    case float(bytes: Int, bigEndian: Bool)
    /// A fixed-size string of `bytes` bytes, NUL-terminated, NUL-padded or space-padded.
    case fixedString(bytes: Int, spacePadded: Bool)
    /// A variable-length string (stored in the global heap): what Tandem's writer and h5py use for `str`.
    case variableString
    /// A type the reader does not read (compound, enum such as h5py's bool, opaque, reference, ...), in words.
    case other(String)

    /// Size of one element in the file (a variable-length element is a length, a heap address and an index).
    func storedSize(offsetSize: Int) -> Int? {
        switch self {
        case .integer(let bytes, _, _), .float(let bytes, _), .fixedString(let bytes, _): bytes
        case .variableString: 4 + offsetSize + 4
        case .other: nil
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .integer, .float: true
        default: false
        }
    }

    public var isString: Bool {
        switch self {
        case .fixedString, .variableString: true
        default: false
        }
    }

    /// numpy's name (`float32`, `int64`, `uint8`, ...), `string`, or the words of `other`.
    public var description: String {
        switch self {
        case let .integer(bytes, signed, bigEndian): (signed ? "int" : "uint") + "\(bytes * 8)" + (bigEndian ? " (big-endian)" : "")
        case let .float(bytes, bigEndian): "float\(bytes * 8)" + (bigEndian ? " (big-endian)" : "")
        case .fixedString, .variableString: "string"
        case .other(let text): text
        }
    }

    static func read(_ file: HDF5FileBytes, _ start: Int, size: Int, object: String) throws(HDF5ReadError) -> HDF5StoredType {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "datatype: \(reason)", object: object) }
        try file.require(start, min(size, 8), "datatype of \(object)")
        guard size >= 8 else { throw fail("message of \(size) bytes is shorter than its 8-byte header") }
        let classAndVersion = try file.u8(start, "datatype class")
        let typeClass = classAndVersion & 0x0F
        let version = classAndVersion >> 4
        guard (1 ... 5).contains(version) else { throw fail("unknown version \(version)") }
        let bits0 = try file.u8(start + 1, "datatype bit field")
        let bits1 = try file.u8(start + 2, "datatype bit field")
        let elementSize = try file.u32(start + 4, "datatype size")
        switch typeClass {
        case 0:  // Fixed-point.
            guard [1, 2, 4, 8].contains(elementSize) else { return .other("integer of \(elementSize) bytes") }
            let offset = size >= 12 ? try file.u16(start + 8, "integer bit offset") : 0
            let precision = size >= 12 ? try file.u16(start + 10, "integer precision") : elementSize * 8
            guard offset == 0, precision == elementSize * 8 else {
                return .other("integer with \(precision) bits at bit \(offset) of \(elementSize) bytes")
            }
            return .integer(bytes: elementSize, signed: bits0 & 0x08 != 0, bigEndian: bits0 & 0x01 != 0)
        case 1:  // Floating-point.
            guard bits0 & 0x40 == 0 else { return .other("VAX-ordered float") }
            guard [2, 4, 8].contains(elementSize) else { return .other("float of \(elementSize) bytes") }
            if size >= 20 {
                // IEEE layouts: (precision, exponent bits, mantissa bits) = (16,5,10), (32,8,23), (64,11,52).
                let precision = try file.u16(start + 10, "float precision")
                let exponentBits = try file.u8(start + 13, "float exponent size")
                let mantissaBits = try file.u8(start + 15, "float mantissa size")
                let ieee: [Int: (Int, Int)] = [2: (5, 10), 4: (8, 23), 8: (11, 52)]
                guard precision == elementSize * 8, let layout = ieee[elementSize], layout == (exponentBits, mantissaBits)
                else { return .other("non-IEEE float (\(precision) bits, exponent \(exponentBits), mantissa \(mantissaBits))") }
            }
            return .float(bytes: elementSize, bigEndian: bits0 & 0x01 != 0)
        case 3:  // String.
            guard elementSize > 0 else { throw fail("fixed-size string of 0 bytes") }
            return .fixedString(bytes: elementSize, spacePadded: bits0 & 0x0F == 2)
        case 9:  // Variable-length: a string, or a sequence of another type.
            guard bits0 & 0x0F == 1 else { return .other("variable-length sequence") }
            _ = bits1
            return .variableString
        default:
            let names = [2: "time", 4: "bitfield", 5: "opaque", 6: "compound", 7: "reference", 8: "enum", 10: "array"]
            return .other(names[typeClass].map { "\($0) type" } ?? "datatype class \(typeClass)")
        }
    }
}
