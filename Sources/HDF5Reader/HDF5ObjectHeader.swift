/// A version-1 object header (specification section IV.A.1.a) with its continuation blocks followed: the list of
/// messages that describe one group or dataset. Version-2 headers (`OHDR`, written with libver='latest') are refused.
struct HDF5ObjectHeader {
    let messages: [HDF5HeaderMessage]

    /// At most this many continuation blocks are followed, so a damaged file with a cycle cannot loop forever.
    static let maxBlocks = 4096

    static func read(_ file: HDF5FileBytes, address: UInt64, object: String) throws(HDF5ReadError) -> HDF5ObjectHeader {
        func fail(_ kind: HDF5ReadError.Kind, _ reason: String) -> HDF5ReadError { file.error(kind, reason, object: object) }
        let start = try file.position(ofAddress: address, "object header of \(object)")
        if file.hasSignature("OHDR", at: start) {
            throw fail(.unsupported, "version-2 object header (written with libver='latest' or libhdf5's newest "
                       + "format); this reader reads version-1 object headers")
        }
        let version = try file.u8(start, "object header version of \(object)")
        guard version == 1 else { throw fail(.corrupt, "object header version \(version) at byte \(start), expected 1") }
        let declaredCount = try file.u16(start + 2, "object header message count of \(object)")
        let headerSize = try file.u32(start + 8, "object header size of \(object)")
        // The prefix is 12 bytes, padded to 16 so that messages are 8-byte aligned.
        var blocks: [(start: Int, size: Int)] = [(start + 16, headerSize)]
        var messages: [HDF5HeaderMessage] = []
        var blockIndex = 0
        while blockIndex < blocks.count {
            guard blockIndex < maxBlocks else { throw fail(.corrupt, "more than \(maxBlocks) header continuation blocks") }
            let block = blocks[blockIndex]
            blockIndex += 1
            try file.require(block.start, block.size, "object header block of \(object)")
            var cursor = block.start
            let end = block.start + block.size
            while cursor + 8 <= end, messages.count < declaredCount {
                let type = try file.u16(cursor, "message type")
                let size = try file.u16(cursor + 2, "message size")
                let flags = try file.u8(cursor + 4, "message flags")
                let body = cursor + 8
                guard size <= end - body else {
                    throw fail(.corrupt, "header message of type \(type) (\(size) bytes at byte \(body)) overruns its block")
                }
                let message = HDF5HeaderMessage(type: type, flags: flags, body: body, size: size)
                messages.append(message)
                if type == HDF5HeaderMessage.Kind.continuation.rawValue {
                    let target = try file.address(body, "continuation address")
                    let length = try file.length(body + file.offsetSize, "continuation length")
                    let position = try file.position(ofAddress: target, "header continuation of \(object)")
                    blocks.append((position, length))
                }
                cursor = body + size
            }
        }
        return HDF5ObjectHeader(messages: messages)
    }

    func first(_ kind: HDF5HeaderMessage.Kind) -> HDF5HeaderMessage? {
        messages.first { $0.type == kind.rawValue }
    }

    func all(_ kind: HDF5HeaderMessage.Kind) -> [HDF5HeaderMessage] {
        messages.filter { $0.type == kind.rawValue }
    }

    func contains(_ kind: HDF5HeaderMessage.Kind) -> Bool { first(kind) != nil }
}
