/// One message of an object header: its type (specification section IV.A.2), flags and where its body lies.
struct HDF5HeaderMessage {
    /// Message types this reader interprets or refuses.
    enum Kind: Int {
        case nil_ = 0x0000
        case dataspace = 0x0001
        case linkInfo = 0x0002
        case datatype = 0x0003
        case fillValueOld = 0x0004
        case fillValue = 0x0005
        case link = 0x0006
        case externalFiles = 0x0007
        case dataLayout = 0x0008
        case groupInfo = 0x000A
        case filterPipeline = 0x000B
        case attribute = 0x000C
        case continuation = 0x0010
        case symbolTable = 0x0011
        case attributeInfo = 0x0015
    }

    let type: Int
    let flags: Int
    /// Position of the body in the file and its size in bytes (inside the file: checked when parsed).
    let body: Int
    let size: Int

    /// Bit 1 of the flags: the body is a reference to a shared message elsewhere, not the message itself.
    var isShared: Bool { flags & 0x02 != 0 }
    var end: Int { body + size }
}
