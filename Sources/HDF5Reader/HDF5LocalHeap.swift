/// A local heap (specification section III.D): the block of NUL-terminated link names of one symbol-table group.
struct HDF5LocalHeap {
    /// The data segment's position in the file and its size.
    let dataStart: Int
    let dataSize: Int

    static func read(_ file: HDF5FileBytes, address: UInt64, object: String) throws(HDF5ReadError) -> HDF5LocalHeap {
        let start = try file.position(ofAddress: address, "local heap of \(object)")
        try file.require(start, 8 + 2 * file.lengthSize + file.offsetSize, "local heap header of \(object)")
        guard file.hasSignature("HEAP", at: start) else {
            throw file.error(.corrupt, "no local heap signature at byte \(start)", object: object)
        }
        let version = try file.u8(start + 4, "local heap version")
        guard version == 0 else { throw file.error(.corrupt, "local heap version \(version), expected 0", object: object) }
        let size = try file.length(start + 8, "local heap data size of \(object)")
        let dataAddress = try file.address(start + 8 + 2 * file.lengthSize, "local heap data address")
        let dataStart = try file.position(ofAddress: dataAddress, "local heap data of \(object)")
        try file.require(dataStart, size, "local heap data of \(object)")
        return HDF5LocalHeap(dataStart: dataStart, dataSize: size)
    }

    /// The name stored at `offset` in the data segment.
    func name(_ file: HDF5FileBytes, at offset: UInt64, object: String) throws(HDF5ReadError) -> String {
        guard offset < UInt64(dataSize) else {
            throw file.error(.corrupt, "link name offset \(offset) lies outside the local heap (\(dataSize) bytes)", object: object)
        }
        return try file.cString(dataStart + Int(offset), limit: dataStart + dataSize, "link name in \(object)")
    }
}
