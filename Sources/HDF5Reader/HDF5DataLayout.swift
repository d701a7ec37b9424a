/// Where a dataset's elements lie (data layout message, specification section IV.A.2.i), versions 1 to 3:
/// contiguous (one block at an address) or compact (inside the header). Chunked storage is refused by name.
enum HDF5DataLayout {
    /// `address == nil`: storage not allocated yet (libhdf5 then reads the fill value, zero by default).
    case contiguous(address: UInt64?, size: Int?)
    case compact(position: Int, size: Int)

    static func read(_ file: HDF5FileBytes, _ message: HDF5HeaderMessage, object: String) throws(HDF5ReadError) -> HDF5DataLayout {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "data layout: \(reason)", object: object) }
        func optionalAddress(_ position: Int) throws(HDF5ReadError) -> UInt64? {
            let value = try file.address(position, "data address of \(object)")
            return value == file.undefinedAddress ? nil : value
        }
        let start = message.body
        let version = try file.u8(start, "data layout version")
        switch version {
        case 1, 2:
            let rank = try file.u8(start + 1, "data layout rank")
            let layoutClass = try file.u8(start + 2, "data layout class")
            switch layoutClass {
            case 0:
                let sizeAt = start + 8 + rank * 4
                let size = try file.u32(sizeAt, "compact data size")
                guard sizeAt + 4 + size <= message.end else { throw fail("compact data overruns the message") }
                return .compact(position: sizeAt + 4, size: size)
            case 1:
                return .contiguous(address: try optionalAddress(start + 8), size: nil)
            case 2:
                throw file.error(.unsupported, "chunked dataset (chunked storage, used for compression or resizing)", object: object)
            default:
                throw fail("unknown layout class \(layoutClass)")
            }
        case 3:
            let layoutClass = try file.u8(start + 1, "data layout class")
            switch layoutClass {
            case 0:
                let size = try file.u16(start + 2, "compact data size")
                guard start + 4 + size <= message.end else { throw fail("compact data overruns the message") }
                return .compact(position: start + 4, size: size)
            case 1:
                let address = try optionalAddress(start + 2)
                let size = try file.length(start + 2 + file.offsetSize, "contiguous data size of \(object)")
                return .contiguous(address: address, size: size)
            case 2:
                throw file.error(.unsupported, "chunked dataset (chunked storage, used for compression or resizing)", object: object)
            default:
                throw fail("unknown layout class \(layoutClass)")
            }
        case 4, 5:
            throw file.error(.unsupported, "data layout message version \(version) (libver='latest')", object: object)
        default:
            throw fail("unknown version \(version)")
        }
    }
}
