/// The superblock (HDF5 file format specification, section II.A): versions 0 and 1, which libhdf5 writes with its
/// default library-version bounds. It fixes the width of addresses and lengths and points at the root group's
/// object header. Versions 2 and 3 (`libver='latest'`) are refused by name.
struct HDF5Superblock {
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Object header address of the root group.
    let rootObjectHeader: UInt64

    /// Finds the signature (at byte 0, 512, 1024, ...), reads the superblock and sets `file`'s address and length
    /// widths and base address.
    static func read(_ file: inout HDF5FileBytes) throws(HDF5ReadError) -> HDF5Superblock {
        let size = file.bytes.count
        if size == 0 { throw file.error(.notHDF5, "empty file (0 bytes), not an HDF5 file") }
        var start = 0
        while !(start + signature.count <= size && file.bytes[start ..< start + signature.count].elementsEqual(signature)) {
            start = start == 0 ? 512 : start * 2
            guard start + signature.count <= size else {
                throw file.error(.notHDF5, "not an HDF5 file (\(size) bytes, no HDF5 signature at byte 0, 512, 1024, ...)")
            }
        }
        let version = try file.u8(start + 8, "superblock version")
        switch version {
        case 0, 1: break
        case 2, 3:
            throw file.error(.unsupported, "superblock version \(version) (the file was written with libver='latest' or "
                             + "libhdf5's newest file format); this reader reads superblock versions 0 and 1")
        default:
            throw file.error(.corrupt, "unknown superblock version \(version)")
        }
        let offsetSize = try file.u8(start + 13, "superblock size of offsets")
        let lengthSize = try file.u8(start + 14, "superblock size of lengths")
        guard [2, 4, 8].contains(offsetSize), [2, 4, 8].contains(lengthSize) else {
            throw file.error(.corrupt, "superblock gives address/length sizes of \(offsetSize)/\(lengthSize) bytes")
        }
        file.offsetSize = offsetSize
        file.lengthSize = lengthSize
        let addresses = start + (version == 0 ? 24 : 28)
        let storedBase = try file.address(addresses, "superblock base address")
        let endOfFile = try file.address(addresses + 2 * offsetSize, "superblock end-of-file address")
        // Behind a user block libhdf5 takes the signature's position as the base address (H5F__super_read).
        let base = start > 0 ? UInt64(start) : (storedBase == file.undefinedAddress ? 0 : storedBase)
        guard base <= UInt64(size) else { throw file.error(.corrupt, "superblock base address \(base) lies beyond the file") }
        file.baseAddress = Int(base)
        if endOfFile != file.undefinedAddress {
            let (needed, overflow) = base.addingReportingOverflow(endOfFile)
            if overflow || needed > UInt64(size) {
                throw file.error(.truncated, "\(size) bytes, but its superblock says \(overflow ? "more" : String(needed))")
            }
        }
        // The root group's symbol table entry follows the four addresses: link name offset, then object header.
        let rootEntry = addresses + 4 * offsetSize
        let root = try file.address(rootEntry + lengthSize, "root group object header address")
        return HDF5Superblock(rootObjectHeader: root)
    }
}
