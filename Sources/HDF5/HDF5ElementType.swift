import CHDF5

/// The element type of a dataset or attribute, named as numpy names dtypes (`float32`, `int64`, ...).
public enum HDF5ElementType: Hashable, Sendable, CustomStringConvertible {
    case float16, float32, float64
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    /// Text: variable-length or fixed-size, ASCII or UTF-8.
    case string
    /// Anything else (compound, enum such as h5py's bool, opaque, reference, ...), described in words.
    case other(String)

    public var description: String {
        switch self {
        case .float16: "float16"
        case .float32: "float32"
        case .float64: "float64"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .string: "string"
        case .other(let text): text
        }
    }

    /// Integer or floating point: readable into any `HDF5Scalar` with libhdf5's conversion.
    public var isNumeric: Bool {
        switch self {
        case .string, .other: false
        default: true
        }
    }

    /// The type libhdf5 uses in memory for this element type (numeric types only). Call inside the lock.
    var nativeTypeID: hid_t? {
        switch self {
        case .float32: tandem_H5T_NATIVE_FLOAT()
        case .float64: tandem_H5T_NATIVE_DOUBLE()
        case .int8: tandem_H5T_NATIVE_INT8()
        case .int16: tandem_H5T_NATIVE_INT16()
        case .int32: tandem_H5T_NATIVE_INT32()
        case .int64: tandem_H5T_NATIVE_INT64()
        case .uint8: tandem_H5T_NATIVE_UINT8()
        case .uint16: tandem_H5T_NATIVE_UINT16()
        case .uint32: tandem_H5T_NATIVE_UINT32()
        case .uint64: tandem_H5T_NATIVE_UINT64()
        case .float16, .string, .other: nil
        }
    }

    /// Classifies a libhdf5 datatype. Call inside the lock.
    init(typeID: hid_t) {
        let size = H5Tget_size(typeID)
        switch H5Tget_class(typeID) {
        case H5T_FLOAT:
            switch size {
            case 2: self = .float16
            case 4: self = .float32
            case 8: self = .float64
            default: self = .other("float\(size * 8)")
            }
        case H5T_INTEGER:
            let signed = H5Tget_sign(typeID) == H5T_SGN_2
            switch (size, signed) {
            case (1, true): self = .int8
            case (2, true): self = .int16
            case (4, true): self = .int32
            case (8, true): self = .int64
            case (1, false): self = .uint8
            case (2, false): self = .uint16
            case (4, false): self = .uint32
            case (8, false): self = .uint64
            default: self = .other((signed ? "int" : "uint") + "\(size * 8)")
            }
        case H5T_STRING: self = .string
        case H5T_COMPOUND: self = .other("compound")
        case H5T_ENUM: self = .other("enum")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_BITFIELD: self = .other("bitfield")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_VLEN: self = .other("vlen")
        case H5T_ARRAY: self = .other("array")
        case H5T_TIME: self = .other("time")
        default: self = .other("unknown type")
        }
    }
}
