#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A parsed JSON document of unknown shape, for the shared data's exports (predictor, latency tables, libraries)
/// whose keys are data, not fields. `JSONSerialization` would do, but it lives in full Foundation, which would
/// bring ICU into `tandemd`; `JSONDecoder` is in FoundationEssentials.
enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses the file at `url`; errors are Foundation's (unreadable file, malformed JSON).
    static func read(_ url: URL) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var object: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var double: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number when it is a whole number that fits an `Int` (what `as? Int` accepted from `JSONSerialization`).
    var int: Int? {
        if case .number(let value) = self { return Int(exactly: value) }
        return nil
    }

    /// Every element as a whole number, or nil if this is not an array of them.
    var intArray: [Int]? {
        guard let array else { return nil }
        var values: [Int] = []
        values.reserveCapacity(array.count)
        for element in array {
            guard let value = element.int else { return nil }
            values.append(value)
        }
        return values
    }

    /// Every element as a number, or nil if this is not an array of numbers.
    var doubleArray: [Double]? {
        guard let array else { return nil }
        var values: [Double] = []
        values.reserveCapacity(array.count)
        for element in array {
            guard let value = element.double else { return nil }
            values.append(value)
        }
        return values
    }
}
