import CHDF5

/// Something that carries attributes: a group (the root group stands for the file) or a dataset.
public protocol HDF5AttributeHolder: Sendable {
    var file: HDF5File { get }
    /// Absolute path of the object inside the file.
    var path: String { get }
}

extension HDF5AttributeHolder {
    // MARK: Writing

    /// Sets attribute `name`, replacing any attribute of that name.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(HDF5Error) {
        try file.withIdentifier(object: path, action: "writing attribute '\(name)' of") { (context, id) throws(HDF5Error) in
            guard !name.isEmpty else { throw context.failure("an attribute name must not be empty") }
            _ = try HDF5Storage.kind(id, path, context)
            if try context.truth(H5Aexists_by_name(id, path, name, tandem_H5P_DEFAULT())) {
                try context.ok(H5Adelete_by_name(id, path, name, tandem_H5P_DEFAULT()))
            }
            switch value {
            case .string(let text): try Self.writeStrings(id, path, name, [text], scalar: true, context)
            case .strings(let texts): try Self.writeStrings(id, path, name, texts, scalar: false, context)
            case .int(let number): try Self.writeNumbers(id, path, name, [Int64(number)], scalar: true, context)
            case .ints(let numbers): try Self.writeNumbers(id, path, name, numbers.map { Int64($0) }, scalar: false, context)
            case .double(let number): try Self.writeNumbers(id, path, name, [number], scalar: true, context)
            case .doubles(let numbers): try Self.writeNumbers(id, path, name, numbers, scalar: false, context)
            }
        }
    }

    public func setAttribute(_ name: String, _ value: String) throws(HDF5Error) { try setAttribute(name, .string(value)) }
    public func setAttribute(_ name: String, _ value: [String]) throws(HDF5Error) { try setAttribute(name, .strings(value)) }
    public func setAttribute(_ name: String, _ value: Int) throws(HDF5Error) { try setAttribute(name, .int(value)) }
    public func setAttribute(_ name: String, _ value: [Int]) throws(HDF5Error) { try setAttribute(name, .ints(value)) }
    public func setAttribute(_ name: String, _ value: Double) throws(HDF5Error) { try setAttribute(name, .double(value)) }
    public func setAttribute(_ name: String, _ value: [Double]) throws(HDF5Error) { try setAttribute(name, .doubles(value)) }

    /// Removes attribute `name` if present.
    public func removeAttribute(_ name: String) throws(HDF5Error) {
        try file.withIdentifier(object: path, action: "removing attribute '\(name)' of") { (context, id) throws(HDF5Error) in
            _ = try HDF5Storage.kind(id, path, context)
            if try context.truth(H5Aexists_by_name(id, path, name, tandem_H5P_DEFAULT())) {
                try context.ok(H5Adelete_by_name(id, path, name, tandem_H5P_DEFAULT()))
            }
        }
    }

    // MARK: Reading

    /// The names of all attributes, sorted.
    public func attributeNames() throws(HDF5Error) -> [String] {
        try file.withIdentifier(object: path, action: "listing attributes of") { (context, id) throws(HDF5Error) in
            _ = try HDF5Storage.kind(id, path, context)
            var names: [String] = []
            var index: hsize_t = 0
            let status = withUnsafeMutablePointer(to: &names) { pointer in
                H5Aiterate_by_name(id, path, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, clientData in
                    guard let name, let clientData else { return 0 }
                    clientData.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                    return 0
                }, pointer, tandem_H5P_DEFAULT())
            }
            try context.ok(status)
            return names.sorted()
        }
    }

    /// Whether attribute `name` exists.
    public func hasAttribute(_ name: String) throws(HDF5Error) -> Bool {
        try file.withIdentifier(object: path, action: "looking up attribute '\(name)' of") { (context, id) throws(HDF5Error) in
            _ = try HDF5Storage.kind(id, path, context)
            return try context.truth(H5Aexists_by_name(id, path, name, tandem_H5P_DEFAULT()))
        }
    }

    /// The value of attribute `name`, `nil` if there is none. Fails for types Tandem does not read (enum, compound).
    public func attribute(_ name: String) throws(HDF5Error) -> HDF5AttributeValue? {
        try file.withIdentifier(object: path, action: "reading attribute '\(name)' of") { (context, id) throws(HDF5Error) in
            _ = try HDF5Storage.kind(id, path, context)
            guard try context.truth(H5Aexists_by_name(id, path, name, tandem_H5P_DEFAULT())) else { return nil }
            let attribute = try context.id(H5Aopen_by_name(id, path, name, tandem_H5P_DEFAULT(), tandem_H5P_DEFAULT()))
            defer { H5Aclose(attribute) }
            let type = try context.id(H5Aget_type(attribute))
            defer { H5Tclose(type) }
            let space = try context.id(H5Aget_space(attribute))
            defer { H5Sclose(space) }
            let isScalar = H5Sget_simple_extent_type(space) == H5S_SCALAR
            let count = try HDF5Storage.count(ofSpace: space, context)
            let read: (hid_t, UnsafeMutableRawPointer) -> herr_t = { H5Aread(attribute, $0, $1) }
            switch H5Tget_class(type) {
            case H5T_STRING:
                let texts = try HDF5Storage.readStrings(fileType: type, space: space, count: count, context, read: read)
                if isScalar, let text = texts.first { return .string(text) }
                return .strings(texts)
            case H5T_INTEGER:
                let numbers = try HDF5Storage.readNumbers(as: Int64.self, fileType: type, count: count, context, read: read)
                if isScalar, let number = numbers.first { return .int(Int(number)) }
                return .ints(numbers.map { Int($0) })
            case H5T_FLOAT:
                let numbers = try HDF5Storage.readNumbers(as: Double.self, fileType: type, count: count, context, read: read)
                if isScalar, let number = numbers.first { return .double(number) }
                return .doubles(numbers)
            default:
                throw context.failure("holds \(HDF5ElementType(typeID: type)) values, which Tandem does not read")
            }
        }
    }

    /// The element type and shape (`[]` for a scalar) of attribute `name`, without reading its value.
    public func attributeLayout(_ name: String) throws(HDF5Error) -> (elementType: HDF5ElementType, shape: [Int]) {
        try file.withIdentifier(object: path, action: "reading attribute '\(name)' of") { (context, id) throws(HDF5Error) in
            _ = try HDF5Storage.kind(id, path, context)
            let attribute = try context.id(H5Aopen_by_name(id, path, name, tandem_H5P_DEFAULT(), tandem_H5P_DEFAULT()),
                                           try context.truth(H5Aexists_by_name(id, path, name, tandem_H5P_DEFAULT()))
                                               ? nil : "no such attribute")
            defer { H5Aclose(attribute) }
            let type = try context.id(H5Aget_type(attribute))
            defer { H5Tclose(type) }
            let space = try context.id(H5Aget_space(attribute))
            defer { H5Sclose(space) }
            return (HDF5ElementType(typeID: type), try HDF5Storage.shape(ofSpace: space, context))
        }
    }

    /// A string attribute; `nil` if absent, an error if it is not a single string.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String? {
        switch try attribute(name) {
        case nil: return nil
        case .string(let text): return text
        case .strings(let texts) where texts.count == 1: return texts[0]
        case let other?: throw mismatch(name, other, "a string")
        }
    }

    /// An integer attribute; `nil` if absent, an error if it is not a single integer.
    public func intAttribute(_ name: String) throws(HDF5Error) -> Int? {
        switch try attribute(name) {
        case nil: return nil
        case .int(let number): return number
        case .ints(let numbers) where numbers.count == 1: return numbers[0]
        case let other?: throw mismatch(name, other, "an integer")
        }
    }

    /// A real attribute (integers are accepted and converted); `nil` if absent.
    public func doubleAttribute(_ name: String) throws(HDF5Error) -> Double? {
        switch try attribute(name) {
        case nil: return nil
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .doubles(let numbers) where numbers.count == 1: return numbers[0]
        case let other?: throw mismatch(name, other, "a number")
        }
    }

    /// An integer-array attribute (a single integer gives a one-element array); `nil` if absent.
    public func intsAttribute(_ name: String) throws(HDF5Error) -> [Int]? {
        switch try attribute(name) {
        case nil: return nil
        case .ints(let numbers): return numbers
        case .int(let number): return [number]
        case let other?: throw mismatch(name, other, "integers")
        }
    }

    /// A real-array attribute (integers accepted; a single value gives a one-element array); `nil` if absent.
    public func doublesAttribute(_ name: String) throws(HDF5Error) -> [Double]? {
        switch try attribute(name) {
        case nil: return nil
        case .doubles(let numbers): return numbers
        case .double(let number): return [number]
        case .ints(let numbers): return numbers.map { Double($0) }
        case .int(let number): return [Double(number)]
        case let other?: throw mismatch(name, other, "numbers")
        }
    }

    /// A string-array attribute (a single string gives a one-element array); `nil` if absent.
    public func stringsAttribute(_ name: String) throws(HDF5Error) -> [String]? {
        switch try attribute(name) {
        case nil: return nil
        case .strings(let texts): return texts
        case .string(let text): return [text]
        case let other?: throw mismatch(name, other, "strings")
        }
    }

    /// A string attribute that must be present.
    public func requiredStringAttribute(_ name: String) throws(HDF5Error) -> String {
        guard let value = try stringAttribute(name) else { throw missing(name) }
        return value
    }

    /// An integer attribute that must be present.
    public func requiredIntAttribute(_ name: String) throws(HDF5Error) -> Int {
        guard let value = try intAttribute(name) else { throw missing(name) }
        return value
    }

    /// A real attribute that must be present.
    public func requiredDoubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        guard let value = try doubleAttribute(name) else { throw missing(name) }
        return value
    }

    private func mismatch(_ name: String, _ found: HDF5AttributeValue, _ expected: String) -> HDF5Error {
        HDF5Error(file: file.path, object: path, action: "reading attribute '\(name)' of",
                  reason: "expected \(expected), found \(found)")
    }

    private func missing(_ name: String) -> HDF5Error {
        HDF5Error(file: file.path, object: path, action: "reading attribute '\(name)' of", reason: "no such attribute")
    }

    // MARK: Storage (inside the lock)

    private static func attributeCreationList(_ context: HDF5Context) throws(HDF5Error) -> hid_t {
        let list = try context.id(H5Pcreate(tandem_H5P_ATTRIBUTE_CREATE()))
        guard H5Pset_char_encoding(list, H5T_CSET_UTF8) >= 0 else {
            H5Pclose(list)
            throw context.failure()
        }
        return list
    }

    private static func createAttribute(_ file: hid_t, _ path: String, _ name: String, type: hid_t,
                                        shape: [Int], _ context: HDF5Context) throws(HDF5Error) -> hid_t {
        let space = try HDF5Storage.createSpace(shape, context)
        defer { H5Sclose(space) }
        let creation = try attributeCreationList(context)
        defer { H5Pclose(creation) }
        return try context.id(H5Acreate_by_name(file, path, name, type, space, creation,
                                                tandem_H5P_DEFAULT(), tandem_H5P_DEFAULT()))
    }

    private static func writeStrings(_ file: hid_t, _ path: String, _ name: String, _ values: [String],
                                     scalar: Bool, _ context: HDF5Context) throws(HDF5Error) {
        let type = try HDF5Storage.variableStringType(context)
        defer { H5Tclose(type) }
        let attribute = try createAttribute(file, path, name, type: type, shape: scalar ? [] : [values.count], context)
        defer { H5Aclose(attribute) }
        if values.isEmpty { return }
        try HDF5Storage.withCStringPointers(values, context) { (buffer) throws(HDF5Error) in
            try context.ok(H5Awrite(attribute, type, buffer))
        }
    }

    private static func writeNumbers<T: HDF5Scalar>(_ file: hid_t, _ path: String, _ name: String, _ values: [T],
                                                    scalar: Bool, _ context: HDF5Context) throws(HDF5Error) {
        guard let type = T.hdf5ElementType.nativeTypeID else { throw context.failure("unsupported type") }
        let attribute = try createAttribute(file, path, name, type: type, shape: scalar ? [] : [values.count], context)
        defer { H5Aclose(attribute) }
        if values.isEmpty { return }
        let status = values.withUnsafeBytes { buffer -> herr_t in
            guard let base = buffer.baseAddress else { return -1 }
            return H5Awrite(attribute, type, base)
        }
        try context.ok(status)
    }
}
