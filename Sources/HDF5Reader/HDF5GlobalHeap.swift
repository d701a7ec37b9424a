/// Global heap collections (specification section III.E), where variable-length strings live. A variable-length
/// element in a dataset or attribute is (length: u32, collection address, object index: u32).
struct HDF5GlobalHeap {
    private var collections: [UInt64: [Int: (start: Int, size: Int)]] = [:]

    /// The bytes of one heap object, checked against the element's own length.
    mutating func object(_ file: HDF5FileBytes, collection address: UInt64, index: Int, length: Int,
                         object: String) throws(HDF5ReadError) -> ArraySlice<UInt8> {
        if collections[address] == nil { collections[address] = try Self.parse(file, address, object: object) }
        guard let found = collections[address]?[index] else {
            throw file.error(.corrupt, "global heap object \(index) is missing from the collection at \(address)", object: object)
        }
        guard length <= found.size else {
            throw file.error(.corrupt, "variable-length string of \(length) bytes in a heap object of \(found.size)", object: object)
        }
        return file.bytes[found.start ..< found.start + length]
    }

    private static func parse(_ file: HDF5FileBytes, _ address: UInt64,
                              object: String) throws(HDF5ReadError) -> [Int: (start: Int, size: Int)] {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "global heap: \(reason)", object: object) }
        let start = try file.position(ofAddress: address, "global heap collection of \(object)")
        try file.require(start, 8 + file.lengthSize, "global heap collection of \(object)")
        guard file.hasSignature("GCOL", at: start) else { throw fail("no collection signature at byte \(start)") }
        let version = try file.u8(start + 4, "global heap version")
        guard version == 1 else { throw fail("collection version \(version), expected 1") }
        let size = try file.length(start + 8, "global heap collection size")
        try file.require(start, size, "global heap collection of \(object)")
        var objects: [Int: (start: Int, size: Int)] = [:]
        var cursor = start + 8 + file.lengthSize
        let end = start + size
        let headerSize = 8 + file.lengthSize
        while cursor + headerSize <= end {
            let index = try file.u16(cursor, "global heap object index")
            if index == 0 { break }  // Object 0 is the collection's free space, which ends the list.
            let objectSize = try file.length(cursor + 8, "global heap object size")
            let dataStart = cursor + headerSize
            guard objectSize <= end - dataStart else { throw fail("object \(index) overruns its collection") }
            objects[index] = (dataStart, objectSize)
            cursor = dataStart + (objectSize + 7) / 8 * 8
        }
        return objects
    }
}
