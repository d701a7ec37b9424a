/// An attribute stored in an object header (attribute message, specification section IV.A.2.m), versions 1 to 3:
/// its name and its values. Attributes kept in dense storage (a fractal heap) are refused by `HDF5ObjectAttributes`.
struct HDF5AttributeMessage {
    let name: String
    let values: HDF5StoredValues

    static func read(_ file: HDF5FileBytes, _ message: HDF5HeaderMessage, owner: String) throws(HDF5ReadError) -> HDF5AttributeMessage {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "attribute message: \(reason)", object: owner) }
        let start = message.body
        let version = try file.u8(start, "attribute message version")
        let flags = try file.u8(start + 1, "attribute message flags")
        let nameSize = try file.u16(start + 2, "attribute name size")
        let typeSize = try file.u16(start + 4, "attribute datatype size")
        let spaceSize = try file.u16(start + 6, "attribute dataspace size")
        // Version 1 pads name, datatype and dataspace to multiples of 8; versions 2 and 3 do not pad.
        func padded(_ size: Int) -> Int { version == 1 ? (size + 7) / 8 * 8 : size }
        let nameAt: Int
        switch version {
        case 1, 2: nameAt = start + 8
        case 3: nameAt = start + 9
        default: throw fail("unknown version \(version)")
        }
        if version >= 2, flags & 0x03 != 0 {
            throw file.error(.unsupported, "attribute with a shared (committed) datatype or dataspace", object: owner)
        }
        let typeAt = nameAt + padded(nameSize)
        let spaceAt = typeAt + padded(typeSize)
        let dataAt = spaceAt + padded(spaceSize)
        guard nameSize >= 1, dataAt <= message.end else { throw fail("its parts overrun the message") }
        let name = try file.cString(nameAt, limit: nameAt + nameSize, "attribute name of \(owner)")
        let object = owner == "/" ? "/@\(name)" : "\(owner)@\(name)"
        let type = try HDF5StoredType.read(file, typeAt, size: typeSize, object: object)
        let space = try HDF5Dataspace.read(file, spaceAt, size: spaceSize, object: object)
        let values = try HDF5StoredValues(file, type: type, space: space, start: dataAt, available: message.end - dataAt,
                                          object: object)
        return HDF5AttributeMessage(name: name, values: values)
    }
}
