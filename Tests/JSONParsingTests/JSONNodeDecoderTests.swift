import Foundation
import JSONParsing
import Testing

/// `JSONNodeDecoder` decodes what `JSONDecoder` decodes, and fails with the same kind of `DecodingError` at the same
/// coding path (callers turn these into field names).
struct JSONNodeDecoderTests {
    struct Inner: Codable, Equatable {
        var values: [Int]
        var ratio: Double
        var label: String?
        var flag: Bool
    }

    struct Outer: Codable, Equatable {
        var name: String
        var items: [Inner]
        var table: [String: Float]
        var nested: [[UInt8]]
        var big: Int64
        var optional: Inner?
    }

    static let document = #"""
    {"name": "x", "items": [{"values": [1, 2, 3], "ratio": 0.1, "flag": true},
                            {"values": [], "ratio": 1e-3, "label": "ü", "flag": false}],
     "table": {"a": 1.5, "b": -2}, "nested": [[0, 255], []], "big": 9223372036854775807, "optional": null}
    """#

    @Test func decodesWhatJSONDecoderDecodes() throws {
        let reference = try JSONDecoder().decode(Outer.self, from: Data(Self.document.utf8))
        #expect(try JSONNodeDecoder.decode(Outer.self, from: Self.document.utf8) == reference)
    }

    /// The error's kind and coding path (as `a.b[1].c`).
    static func failure(_ decode: () throws -> Outer) -> String {
        do {
            _ = try decode()
            return "decoded"
        } catch let error as DecodingError {
            func path(_ keys: [any CodingKey]) -> String {
                keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            }
            switch error {
            case .keyNotFound(let key, let context): return "keyNotFound \(path(context.codingPath)).\(key.stringValue)"
            case .typeMismatch(_, let context): return "typeMismatch \(path(context.codingPath))"
            case .valueNotFound(_, let context): return "valueNotFound \(path(context.codingPath))"
            case .dataCorrupted(let context): return "dataCorrupted \(path(context.codingPath))"
            @unknown default: return "unknown"
            }
        } catch {
            return "other \(error)"
        }
    }

    @Test func errorsMatchJSONDecoderKindAndPath() {
        let broken = [
            Self.document.replacingOccurrences(of: #""name": "x","#, with: ""),
            Self.document.replacingOccurrences(of: #""values": [1, 2, 3]"#, with: #""values": [1, "2", 3]"#),
            Self.document.replacingOccurrences(of: #""ratio": 0.1"#, with: #""ratio": null"#),
            Self.document.replacingOccurrences(of: #""nested": [[0, 255], []]"#, with: #""nested": [[0, 256], []]"#),
            Self.document.replacingOccurrences(of: #""flag": true"#, with: #""flag": 1"#),
            Self.document.replacingOccurrences(of: #""values": [1, 2, 3]"#, with: #""values": [1, 2.5, 3]"#),
            Self.document.replacingOccurrences(of: #""table": {"a": 1.5, "b": -2}"#, with: #""table": [1]"#),
            "{not json",
        ]
        for text in broken {
            let reference = Self.failure { try JSONDecoder().decode(Outer.self, from: Data(text.utf8)) }
            let found = Self.failure { try JSONNodeDecoder.decode(Outer.self, from: text.utf8) }
            // Same kind and path; for a number out of range Foundation reports no path, this decoder the field's.
            let sameKind = found.split(separator: " ").first == reference.split(separator: " ").first
            #expect(found == reference || (sameKind && reference == "dataCorrupted " && text != "{not json"),
                    "\(text.prefix(60)): \(found) vs \(reference)")
            #expect(found != "decoded")
        }
    }
}
