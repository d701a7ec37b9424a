/// A link message (specification section IV.A.2.g): one named hard link of a new-style group. libhdf5 writes these
/// instead of a symbol table when a link name is stored with UTF-8 encoding — as Tandem's `HDF5` module does.
/// Soft and external links are refused.
enum HDF5LinkMessage {
    /// The link's name and the object header address it points at; `limit` is where the message's bytes end.
    static func read(_ file: HDF5FileBytes, _ start: Int, limit: Int, group: String) throws(HDF5ReadError) -> (name: String, address: UInt64) {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "link message: \(reason)", object: group) }
        var cursor = start
        func byte() throws(HDF5ReadError) -> Int {
            guard cursor < limit else { throw fail("runs past its end") }
            defer { cursor += 1 }
            return try file.u8(cursor, "link message")
        }
        let version = try byte()
        guard version == 1 else { throw fail("unknown version \(version)") }
        let flags = try byte()
        let linkType = flags & 0x08 != 0 ? try byte() : 0
        if flags & 0x04 != 0 { cursor += 8 }  // Creation order.
        if flags & 0x10 != 0 { _ = try byte() }  // Character set of the name (ASCII or UTF-8: both decode as UTF-8).
        let lengthSize = 1 << (flags & 0x03)
        guard cursor + lengthSize <= limit else { throw fail("runs past its end") }
        let nameLength = Int(try file.unsigned(cursor, lengthSize, "link name length"))
        cursor += lengthSize
        guard nameLength > 0, nameLength <= limit - cursor else { throw fail("name of \(nameLength) bytes runs past its end") }
        try file.require(cursor, nameLength, "link name in \(group)")
        let name = String(decoding: file.bytes[cursor ..< cursor + nameLength], as: UTF8.self)
        cursor += nameLength
        guard linkType == 0 else {
            let kind = linkType == 1 ? "soft" : linkType == 64 ? "external" : "user-defined (type \(linkType))"
            throw file.error(.unsupported, "\(kind) link '\(name)'", object: group)
        }
        guard cursor + file.offsetSize <= limit else { throw fail("address of '\(name)' runs past its end") }
        return (name, try file.address(cursor, "link address"))
    }
}
