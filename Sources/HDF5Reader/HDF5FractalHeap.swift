/// A fractal heap (specification section III.G) holding a dense group's link messages: finds a managed object by
/// its heap ID. Supports a root direct block, or a root indirect block whose rows are direct blocks — enough for
/// groups with thousands of links. Huge objects, filtered heaps and nested indirect blocks are refused.
struct HDF5FractalHeap {
    private let heapOffsetSize: Int
    private let heapLengthSize: Int
    /// Direct blocks: heap offset, size and file position, in heap order.
    private var blocks: [(offset: Int, size: Int, position: Int)] = []

    init(_ file: HDF5FileBytes, address: UInt64, object: String) throws(HDF5ReadError) {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "fractal heap: \(reason)", object: object) }
        let start = try file.position(ofAddress: address, "fractal heap of \(object)")
        let o = file.offsetSize, l = file.lengthSize
        try file.require(start, 22, "fractal heap header of \(object)")
        guard file.hasSignature("FRHP", at: start) else { throw fail("no heap signature at byte \(start)") }
        let version = try file.u8(start + 4, "fractal heap version")
        guard version == 0 else { throw fail("version \(version)") }
        let filterLength = try file.u16(start + 7, "fractal heap filter length")
        let maxManagedSize = try file.u32(start + 10, "fractal heap maximum managed object size")
        var cursor = start + 14
        cursor += l + o  // Next huge object ID, huge-object B-tree address.
        cursor += l + o  // Free space in managed blocks, free-space manager address.
        cursor += 4 * l  // Managed space, allocated managed space, allocation iterator offset, managed object count.
        cursor += 4 * l  // Huge object size and count, tiny object size and count.
        let width = try file.u16(cursor, "fractal heap table width")
        // Block sizes are bounds on blocks that may never be allocated, so they may exceed the file; 2^32 caps them.
        let startSize = Int(min(try file.unsigned(cursor + 2, l, "fractal heap starting block size"), 1 << 32))
        let maxDirect = Int(min(try file.unsigned(cursor + 2 + l, l, "fractal heap maximum direct block size"), 1 << 32))
        let maxHeapBits = try file.u16(cursor + 2 + 2 * l, "fractal heap maximum size")
        // (The starting row count of the root indirect block, at cursor + 4 + 2l, is not needed.)
        let rootAddress = try file.address(cursor + 6 + 2 * l, "fractal heap root block address")
        let rows = try file.u16(cursor + 6 + 2 * l + o, "fractal heap root row count")
        guard filterLength == 0 else {
            throw file.error(.unsupported, "filtered fractal heap (compressed link storage)", object: object)
        }
        func isPowerOfTwo(_ value: Int) -> Bool { value > 0 && value & (value - 1) == 0 }
        guard width > 0, width <= 1 << 16, isPowerOfTwo(startSize), isPowerOfTwo(maxDirect), startSize <= maxDirect,
              (1 ... 64).contains(maxHeapBits) else {
            throw fail("table width \(width), block sizes \(startSize)...\(maxDirect), \(maxHeapBits) bits")
        }
        func log2(_ value: Int) -> Int { Int.bitWidth - 1 - value.leadingZeroBitCount }
        let maxDirectRows = log2(maxDirect) - log2(startSize) + 2
        heapOffsetSize = (maxHeapBits + 7) / 8
        // libhdf5 (H5HF__hdr_finish_init_phase1): the smaller of the direct-block offset width and the width
        // needed for the largest managed object.
        heapLengthSize = min((log2(maxDirect) + 7) / 8, log2(max(1, maxManagedSize)) / 8 + 1)

        if rootAddress == file.undefinedAddress { return }
        if rows == 0 {
            blocks = [(0, startSize, try Self.directBlockData(file, address: rootAddress, heapOffsetSize: heapOffsetSize, object: object))]
            return
        }
        guard rows <= maxDirectRows else {
            throw file.error(.unsupported, "fractal heap with nested indirect blocks (a very large dense group)", object: object)
        }
        let indirect = try file.position(ofAddress: rootAddress, "fractal heap indirect block of \(object)")
        let entriesAt = indirect + 5 + o + heapOffsetSize
        try file.require(entriesAt, rows * width * o, "fractal heap indirect block of \(object)")
        guard file.hasSignature("FHIB", at: indirect) else { throw fail("no indirect block signature at byte \(indirect)") }
        var offset = 0
        for row in 0 ..< rows {
            let size = row < 2 ? startSize : startSize << (row - 1)
            for column in 0 ..< width {
                let child = try file.address(entriesAt + (row * width + column) * o, "fractal heap direct block address")
                if child != file.undefinedAddress {
                    blocks.append((offset, size, try Self.directBlockData(file, address: child, heapOffsetSize: heapOffsetSize, object: object)))
                }
                offset += size
            }
        }
    }

    /// Checks a direct block's signature and returns its file position (heap offsets count from the block start).
    private static func directBlockData(_ file: HDF5FileBytes, address: UInt64, heapOffsetSize: Int,
                                        object: String) throws(HDF5ReadError) -> Int {
        let position = try file.position(ofAddress: address, "fractal heap direct block of \(object)")
        try file.require(position, 5 + file.offsetSize + heapOffsetSize, "fractal heap direct block of \(object)")
        guard file.hasSignature("FHDB", at: position) else {
            throw file.error(.corrupt, "fractal heap: no direct block signature at byte \(position)", object: object)
        }
        return position
    }

    /// The file position and size of the managed object with heap ID `id`.
    func object(_ file: HDF5FileBytes, id: ArraySlice<UInt8>, object: String) throws(HDF5ReadError) -> (start: Int, size: Int) {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "fractal heap ID: \(reason)", object: object) }
        guard let first = id.first else { throw fail("empty") }
        let type = (Int(first) >> 4) & 0x03
        guard Int(first) >> 6 == 0 else { throw fail("version \(Int(first) >> 6)") }
        guard type == 0 else {
            throw file.error(.unsupported, type == 1 ? "huge object in a fractal heap" : "tiny object in a fractal heap", object: object)
        }
        guard id.count >= 1 + heapOffsetSize + heapLengthSize else { throw fail("\(id.count) bytes are too short") }
        var offset = 0, length = 0
        let base = id.startIndex + 1
        for index in 0 ..< heapOffsetSize { offset |= Int(id[base + index]) << (8 * index) }
        for index in 0 ..< heapLengthSize { length |= Int(id[base + heapOffsetSize + index]) << (8 * index) }
        guard let block = blocks.last(where: { $0.offset <= offset }), offset - block.offset < block.size,
              length <= block.size - (offset - block.offset) else {
            throw fail("object at heap offset \(offset) (\(length) bytes) lies in no direct block")
        }
        let start = block.position + (offset - block.offset)
        try file.require(start, length, "fractal heap object of \(object)")
        return (start, length)
    }
}
