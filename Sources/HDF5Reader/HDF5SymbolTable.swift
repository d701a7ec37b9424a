/// The links of an old-style group (what libhdf5 writes by default): a version-1 B-tree of group nodes whose leaves
/// are symbol-table nodes (`SNOD`), each listing names (offsets into the local heap) and object header addresses.
/// Specification sections III.A.1 (B-tree), III.B (symbol table node), III.C (symbol table entry).
enum HDF5SymbolTable {
    /// Deeper trees than this are taken for damage (a tree of depth 32 would hold more links than any file).
    static let maxDepth = 32

    /// Name → object header address of every link of the group whose symbol-table message is `message`.
    static func links(_ file: HDF5FileBytes, _ message: HDF5HeaderMessage, object: String) throws(HDF5ReadError) -> [String: UInt64] {
        guard message.size >= 2 * file.offsetSize else {
            throw file.error(.corrupt, "symbol table message of \(message.size) bytes", object: object)
        }
        let treeAddress = try file.address(message.body, "B-tree address of \(object)")
        let heapAddress = try file.address(message.body + file.offsetSize, "local heap address of \(object)")
        let heap = try HDF5LocalHeap.read(file, address: heapAddress, object: object)
        var links: [String: UInt64] = [:]
        var visited: Set<UInt64> = []
        try walk(file, node: treeAddress, expectedLevel: nil, depth: 0, heap: heap, object: object,
                 visited: &visited, into: &links)
        return links
    }

    private static func walk(_ file: HDF5FileBytes, node address: UInt64, expectedLevel: Int?, depth: Int,
                             heap: HDF5LocalHeap, object: String, visited: inout Set<UInt64>,
                             into links: inout [String: UInt64]) throws(HDF5ReadError) {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "group B-tree: \(reason)", object: object) }
        guard depth <= maxDepth else { throw fail("deeper than \(maxDepth) levels") }
        guard visited.insert(address).inserted else { throw fail("node at address \(address) is reached twice") }
        let start = try file.position(ofAddress: address, "B-tree node of \(object)")
        try file.require(start, 8 + 2 * file.offsetSize, "B-tree node of \(object)")
        guard file.hasSignature("TREE", at: start) else { throw fail("no B-tree signature at byte \(start)") }
        let nodeType = try file.u8(start + 4, "B-tree node type")
        guard nodeType == 0 else { throw fail("node type \(nodeType), expected 0 (group node)") }
        let level = try file.u8(start + 5, "B-tree node level")
        if let expectedLevel, level != expectedLevel { throw fail("node level \(level), expected \(expectedLevel)") }
        let entries = try file.u16(start + 6, "B-tree entries used")
        // Keys (heap offsets, one length wide) and children alternate: key0 child0 key1 child1 ... keyN.
        var cursor = start + 8 + 2 * file.offsetSize + file.lengthSize
        let stride = file.lengthSize + file.offsetSize
        try file.require(cursor, entries * stride, "B-tree node children of \(object)")
        for _ in 0 ..< entries {
            let child = try file.address(cursor, "B-tree child address")
            cursor += stride
            if level > 0 {
                try walk(file, node: child, expectedLevel: level - 1, depth: depth + 1, heap: heap, object: object,
                         visited: &visited, into: &links)
            } else {
                guard visited.insert(child).inserted else { throw fail("symbol table node \(child) is reached twice") }
                try readSymbolNode(file, address: child, heap: heap, object: object, into: &links)
            }
        }
    }

    private static func readSymbolNode(_ file: HDF5FileBytes, address: UInt64, heap: HDF5LocalHeap, object: String,
                                       into links: inout [String: UInt64]) throws(HDF5ReadError) {
        let start = try file.position(ofAddress: address, "symbol table node of \(object)")
        try file.require(start, 8, "symbol table node of \(object)")
        guard file.hasSignature("SNOD", at: start) else {
            throw file.error(.corrupt, "no symbol table node signature at byte \(start)", object: object)
        }
        let version = try file.u8(start + 4, "symbol table node version")
        guard version == 1 else { throw file.error(.corrupt, "symbol table node version \(version), expected 1", object: object) }
        let count = try file.u16(start + 6, "symbol count")
        let entrySize = file.lengthSize + file.offsetSize + 24
        try file.require(start + 8, count * entrySize, "symbol table entries of \(object)")
        for index in 0 ..< count {
            let entry = start + 8 + index * entrySize
            let nameOffset = try file.unsigned(entry, file.lengthSize, "link name offset")
            let header = try file.address(entry + file.lengthSize, "object header address")
            let name = try heap.name(file, at: nameOffset, object: object)
            guard links[name] == nil else {
                throw file.error(.corrupt, "the link '\(name)' appears twice", object: object)
            }
            links[name] = header
        }
    }
}
