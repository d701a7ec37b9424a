/// Decodes `Decodable` values from JSON text without Foundation, reporting problems as the standard
/// `DecodingError`s with the same coding paths as Foundation's `JSONDecoder` (so callers' messages stay the same).
/// Numbers decode into any integer type only when exact, into `Double`/`Float` with correct rounding.
public enum JSONNodeDecoder {
    /// Parses `text` and decodes a `T`; invalid JSON is `DecodingError.dataCorrupted` with the parser's message.
    public static func decode<T: Decodable>(_ type: T.Type, from text: some Collection<UInt8>) throws -> T {
        let node: JSONNode
        do {
            node = try JSONParser.parse(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(error)"))
        }
        return try decode(type, from: node)
    }

    /// Decodes a `T` from an already parsed document.
    public static func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try T(from: NodeDecoder(node: node, codingPath: []))
    }
}

/// One position in the document.
private struct NodeDecoder: Decoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(expected) but found \(node.kindDescription) instead."))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else {
            if case .null = node { throw DecodingError.valueNotFound([String: Any].self, .init(codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead")) }
            throw mismatch([String: Any].self, "a dictionary")
        }
        var lookup: [String: JSONNode] = [:]
        for member in members { lookup[member.key] = member.value }
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(members: lookup, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else {
            if case .null = node { throw DecodingError.valueNotFound([Any].self, .init(codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead")) }
            throw mismatch([Any].self, "an array")
        }
        return UnkeyedNodeContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNodeContainer(decoder: self) }

    func child(_ node: JSONNode, _ key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key])
    }
}

/// The position of an array element in a coding path.
private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) { intValue = index; stringValue = "Index \(index)" }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct SingleNodeContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node == .null }

    private func nonNull(_ type: Any.Type) throws {
        if decoder.node == .null {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        try nonNull(type)
        guard case .bool(let value) = decoder.node else { throw decoder.mismatch(type, "Bool") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        try nonNull(type)
        guard case .string(let value) = decoder.node else { throw decoder.mismatch(type, "String") }
        return value
    }

    private func numberText(_ type: Any.Type) throws -> String {
        try nonNull(type)
        guard case .number(let text) = decoder.node else { throw decoder.mismatch(type, "\(type)") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        let text = try numberText(type)
        guard let value = Double(text) else { throw corrupted(text, type) }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float {
        let text = try numberText(type)
        guard let value = Float(text), value.isFinite || !(Double(text)?.isFinite ?? false) else { throw corrupted(text, type) }
        return value
    }

    private func corrupted(_ text: String, _ type: Any.Type) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: "Parsed JSON number <\(text)> does not fit in \(type)."))
    }

    /// An integer: the exact text, or a real that is a whole number in range (`3.0`, `1e3`), as JSONDecoder allows.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let text = try numberText(type)
        if let value = T(text) { return value }
        if let real = Double(text), let value = T(exactly: real) { return value }
        throw corrupted(text, type)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONNode]
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func child(_ key: Key) throws -> NodeDecoder {
        guard let node = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return decoder.child(node, key)
    }

    private func single(_ key: Key) throws -> SingleNodeContainer { SingleNodeContainer(decoder: try child(key)) }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).node == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try single(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try single(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try single(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try single(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try single(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try single(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try single(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try single(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try single(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try single(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try single(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try single(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try single(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try single(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: try child(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { decoder.child(members["super"] ?? .null, IndexKey(0)) }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(members[key.stringValue] ?? .null, key) }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONNode], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    private mutating func next(_ type: Any.Type) throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return NodeDecoder(node: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }

    private mutating func single(_ type: Any.Type) throws -> SingleNodeContainer { SingleNodeContainer(decoder: try next(type)) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try single(type).decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try single(type).decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try single(type).decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try single(type).decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try single(type).decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try single(type).decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try single(type).decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try single(type).decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try single(type).decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try single(type).decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try single(type).decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try single(type).decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try single(type).decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try single(type).decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: try next(type)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next([String: Any].self).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next([Any].self).unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}
