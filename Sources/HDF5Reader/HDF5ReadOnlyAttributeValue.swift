/// The value of an attribute as Tandem uses them: a single value for a scalar dataspace, an array otherwise.
/// Any integer width reads as `.int`/`.ints`, any float as `.double`/`.doubles`, any string kind as a string.
public enum HDF5ReadOnlyAttributeValue: Sendable, Equatable, CustomStringConvertible {
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
