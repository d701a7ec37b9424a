/// The attributes of one object header, parsed when the object is opened (they are few and small).
struct HDF5ObjectAttributes: Sendable {
    private(set) var names: [String] = []
    private var messages: [String: HDF5AttributeMessage] = [:]

    init(_ file: HDF5FileBytes, header: HDF5ObjectHeader, object: String) throws(HDF5ReadError) {
        if let info = header.first(.attributeInfo) {
            // Dense attribute storage keeps attributes in a fractal heap, which this reader does not read.
            let flags = try file.u8(info.body + 1, "attribute info flags")
            let heapAt = info.body + 2 + (flags & 0x01 != 0 ? 2 : 0)
            let heap = try file.address(heapAt, "attribute fractal heap address")
            if heap != file.undefinedAddress {
                throw file.error(.unsupported, "dense attribute storage (a fractal heap; more than 8 attributes with "
                                 + "libver v1.8+ or attributes over 64 KiB)", object: object)
            }
        }
        for message in header.all(.attribute) {
            let attribute = try HDF5AttributeMessage.read(file, message, owner: object)
            guard messages[attribute.name] == nil else {
                throw file.error(.corrupt, "attribute '\(attribute.name)' appears twice", object: object)
            }
            names.append(attribute.name)
            messages[attribute.name] = attribute
        }
    }

    func value(_ file: HDF5FileBytes, _ name: String, object: String) throws(HDF5ReadError) -> HDF5ReadOnlyAttributeValue? {
        guard let message = messages[name] else { return nil }
        let values = message.values
        let owner = object == "/" ? "/@\(name)" : "\(object)@\(name)"
        let isScalar = values.space.shape.isEmpty && !values.space.isNull
        switch values.type {
        case .fixedString, .variableString:
            let texts = try values.strings(file, object: owner)
            return isScalar ? .string(texts.first ?? "") : .strings(texts)
        case .integer:
            let numbers = try values.numbers(file, as: Int.self, object: owner)
            return isScalar ? .int(numbers.first ?? 0) : .ints(numbers)
        case .float:
            let numbers = try values.numbers(file, as: Double.self, object: owner)
            return isScalar ? .double(numbers.first ?? 0) : .doubles(numbers)
        case .other(let words):
            throw file.error(.wrongType, "attribute holds \(words) values, which Tandem does not read", object: owner)
        }
    }
}
