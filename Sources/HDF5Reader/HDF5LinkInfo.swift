/// The links of a new-style group (link info message, specification section IV.A.2.c): either link messages in
/// the group's own header (compact storage, up to 8 links by default) or, for larger groups, link messages kept in
/// a fractal heap and indexed by name in a version-2 B-tree (dense storage).
enum HDF5LinkInfo {
    static func links(_ file: HDF5FileBytes, header: HDF5ObjectHeader, info: HDF5HeaderMessage,
                      group: String) throws(HDF5ReadError) -> [String: UInt64] {
        var links: [String: UInt64] = [:]
        func add(_ link: (name: String, address: UInt64)) throws(HDF5ReadError) {
            guard links[link.name] == nil else { throw file.error(.corrupt, "the link '\(link.name)' appears twice", object: group) }
            links[link.name] = link.address
        }
        for message in header.all(.link) {
            try add(try HDF5LinkMessage.read(file, message.body, limit: message.end, group: group))
        }
        let version = try file.u8(info.body, "link info version")
        guard version == 0 else { throw file.error(.corrupt, "link info version \(version)", object: group) }
        let flags = try file.u8(info.body + 1, "link info flags")
        let heapAt = info.body + 2 + (flags & 0x01 != 0 ? 8 : 0)
        let heapAddress = try file.address(heapAt, "link fractal heap address")
        let nameIndex = try file.address(heapAt + file.offsetSize, "link name index address")
        guard heapAddress != file.undefinedAddress else { return links }
        let heap = try HDF5FractalHeap(file, address: heapAddress, object: group)
        for heapID in try HDF5BTreeV2.records(file, address: nameIndex, recordOffset: 4, object: group) {
            let object = try heap.object(file, id: heapID, object: group)
            try add(try HDF5LinkMessage.read(file, object.start, limit: object.start + object.size, group: group))
        }
        return links
    }
}
