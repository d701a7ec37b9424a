/// The value of an attribute. Strings are stored as variable-length UTF-8 (h5py reads them as `str`), integers as
/// int64, reals as float64; a single value uses a scalar dataspace, an array a one-dimensional one.
/// Reading accepts any integer width as `.int`/`.ints`, any float as `.double`/`.doubles`, and fixed-size strings.
public enum HDF5AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case strings([String])
    case int(Int)
    case ints([Int])
    case double(Double)
    case doubles([Double])

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .strings(let values): "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .int(let value): String(value)
        case .ints(let values): "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .double(let value): String(value)
        case .doubles(let values): "[" + values.map { String($0) }.joined(separator: ", ") + "]"
        }
    }
}
