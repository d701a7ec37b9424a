/// A version-2 B-tree (specification section III.A.2), as used for the name index of a group's dense link
/// storage: every record of the tree, in order. Node sizes follow libhdf5's `H5B2__hdr_init`.
enum HDF5BTreeV2 {
    /// The bytes of each record from `recordOffset` on (for link names: the fractal heap ID after the 4-byte hash).
    static func records(_ file: HDF5FileBytes, address: UInt64, recordOffset: Int,
                        object: String) throws(HDF5ReadError) -> [ArraySlice<UInt8>] {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "version-2 B-tree: \(reason)", object: object) }
        let start = try file.position(ofAddress: address, "B-tree header of \(object)")
        try file.require(start, 16 + 2 * file.offsetSize + file.lengthSize, "B-tree header of \(object)")
        guard file.hasSignature("BTHD", at: start) else { throw fail("no header signature at byte \(start)") }
        let nodeSize = try file.u32(start + 6, "B-tree node size")
        let recordSize = try file.u16(start + 10, "B-tree record size")
        let depth = try file.u16(start + 12, "B-tree depth")
        let root = try file.address(start + 16, "B-tree root address")
        let rootCount = try file.u16(start + 16 + file.offsetSize, "B-tree root record count")
        guard recordSize > recordOffset, nodeSize > 10 + recordSize, nodeSize <= file.bytes.count, depth <= 16 else {
            throw fail("node size \(nodeSize), record size \(recordSize), depth \(depth)")
        }
        if root == file.undefinedAddress { return [] }

        // Per level: the most records a node holds, and the widths of the record-count fields pointing at it.
        func encodedSize(_ value: Int) -> Int { (Int.bitWidth - 1 - value.leadingZeroBitCount) / 8 + 1 }
        var maxRecords = [(nodeSize - 10) / recordSize]
        var cumulativeMax = [maxRecords[0]]
        var cumulativeSize = [0]
        let countSize = encodedSize(maxRecords[0])
        var pointerSizes = [0]
        if depth > 0 {
            for level in 1 ... depth {
                let pointerSize = file.offsetSize + countSize + (level > 1 ? cumulativeSize[level - 1] : 0)
                let records = (nodeSize - (10 + pointerSize)) / (recordSize + pointerSize)
                guard records > 0 else { throw fail("node size \(nodeSize) holds no record at level \(level)") }
                maxRecords.append(records)
                pointerSizes.append(pointerSize)
                cumulativeMax.append((records + 1) * cumulativeMax[level - 1] + records)
                cumulativeSize.append(encodedSize(cumulativeMax[level]))
            }
        }

        var result: [ArraySlice<UInt8>] = []
        var visited = 0
        func visit(_ address: UInt64, level: Int, count: Int) throws(HDF5ReadError) {
            visited += 1
            guard visited <= file.bytes.count / max(1, nodeSize) + 1 else { throw fail("more nodes than the file can hold") }
            guard count <= maxRecords[level] else { throw fail("node with \(count) records, at most \(maxRecords[level]) fit") }
            let node = try file.position(ofAddress: address, "B-tree node of \(object)")
            try file.require(node, nodeSize, "B-tree node of \(object)")
            let signature = level == 0 ? "BTLF" : "BTIN"
            guard file.hasSignature(signature, at: node) else { throw fail("no \(signature) signature at byte \(node)") }
            let recordsAt = node + 6
            if level == 0 {
                for index in 0 ..< count {
                    let record = recordsAt + index * recordSize
                    result.append(file.bytes[record + recordOffset ..< record + recordSize])
                }
                return
            }
            // Children and records interleave in key order: child0 record0 child1 record1 ... childN.
            let pointersAt = recordsAt + count * recordSize
            guard pointersAt + (count + 1) * pointerSizes[level] <= node + nodeSize else { throw fail("node overruns its size") }
            for index in 0 ... count {
                let pointer = pointersAt + index * pointerSizes[level]
                let child = try file.address(pointer, "B-tree child address")
                let childCount = Int(try file.unsigned(pointer + file.offsetSize, countSize, "B-tree child record count"))
                try visit(child, level: level - 1, count: childCount)
                if index < count {
                    let record = recordsAt + index * recordSize
                    result.append(file.bytes[record + recordOffset ..< record + recordSize])
                }
            }
        }
        try visit(root, level: depth, count: rootCount)
        return result
    }
}
