import Foundation
import JSONParsing
import Testing

/// The Foundation-free parser agrees with Foundation's `JSONSerialization` on valid documents and refuses what it
/// refuses.
struct JSONParserTests {
    /// The parsed node rebuilt as the Foundation object graph `JSONSerialization` produces.
    static func foundationObject(_ node: JSONNode) -> NSObject {
        switch node {
        case .null: NSNull()
        case .bool(let value): NSNumber(value: value)
        case .number(let text): Int(text).map { NSNumber(value: $0) } ?? NSNumber(value: Double(text) ?? .nan)
        case .string(let text): text as NSString
        case .array(let elements): elements.map(foundationObject) as NSArray
        case .object(let members):
            NSDictionary(dictionary: Dictionary(members.map { ($0.key, foundationObject($0.value)) }) { $1 })
        }
    }

    static let valid = [
        #"{"a": [1, -2, 3.5, 1e3, -0.25E-2, 0], "b": {"c": null, "d": true, "e": false}, "f": ""}"#,
        #"[]"#, #"{}"#, #"  [ [ [ ] ] ]  "#, #""\u00e9\ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t""#,
        #"{"ü": "größe ✓", "k": 9007199254740993}"#, #"-0"#, #"123456789012"#, #"[1.7976931348623157e308, 5e-324]"#,
        #"{"dup": 1, "dup": 2}"#,
    ]

    @Test func validDocumentsMatchJSONSerialization() throws {
        for text in Self.valid {
            let node = try JSONParser.parse(text.utf8)
            let reference = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject
            #expect(Self.foundationObject(node) == reference, "\(text)")
        }
    }

    @Test func integersKeepEveryDigit() throws {
        let node = try JSONParser.parse(#"[9223372036854775807, -9223372036854775808]"#.utf8)
        #expect(node == .array([.number("9223372036854775807"), .number("-9223372036854775808")]))
    }

    @Test func invalidDocumentsAreRefusedWithAnOffset() {
        let invalid = [
            "", "{", "[1,]", "{\"a\":}", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "\"unterminated",
            "\"bad \\x escape\"", "\"\\ud800\"", "[1] 2", "tru", "nul", "\"tab\there\"", "[\"\\u12\"]",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for text in invalid {
            #expect(throws: JSONParseError.self, "\(text.prefix(20))") { try JSONParser.parse(text.utf8) }
            // Foundation refuses them too, except a trailing comma (swift-foundation accepts `[1,]`, RFC 8259 does
            // not) and deep nesting (it has no depth limit).
            if text != "[1,]", !text.hasPrefix("[[[[") {
                #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) == nil,
                        "Foundation accepts \(text.prefix(20))")
            }
        }
    }
}
