import HDF5
import HDF5Reader

/// Every object of a file as lines `path: description` (children, attributes, shape, type and values), built once
/// through libhdf5 (the `HDF5` module) and once through the pure-Swift reader, so that the two can be compared.
enum TreeDump {
    /// The dump made by the pure-Swift reader.
    static func reader(_ path: String) throws -> [String] {
        try reader(HDF5ReadOnlyFile.open(path))
    }

    /// The dump of a file already opened by the pure-Swift reader.
    static func reader(_ file: HDF5ReadOnlyFile) throws -> [String] {
        var lines: [String] = []
        func attributes(_ object: some HDF5ReadOnlyObject) throws {
            for name in object.attributeNames.sorted() {
                lines.append("\(object.path)@\(name) = \(try object.attribute(name).map { render($0) } ?? "nil")")
            }
        }
        func visit(_ group: HDF5ReadOnlyGroup) throws {
            lines.append("\(group.path): group \(group.childNames)")
            try attributes(group)
            for name in group.childNames {
                switch try group.kind(of: name) {
                case .group: try visit(try group.group(name))
                case .dataset:
                    let dataset = try group.dataset(name)
                    lines.append("\(dataset.path): dataset \(dataset.shape) \(values(dataset))")
                    try attributes(dataset)
                case .other: lines.append("\(group.path)/\(name): other")
                }
            }
        }
        func values(_ dataset: HDF5ReadOnlyDataset) -> String {
            do {
                switch dataset.storedType {
                case .integer: return "\(try dataset.read(as: Int.self).values)"
                case .float: return "\(try dataset.read(as: Double.self).values)"
                default: return "\(try dataset.readStrings())"
                }
            } catch { return "unreadable" }
        }
        try visit(file.root)
        return lines
    }

    /// The dump made through libhdf5.
    static func libhdf5(_ path: String) throws -> [String] {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        var lines: [String] = []
        func attributes(_ object: some HDF5AttributeHolder, path: String) throws {
            for name in try object.attributeNames().sorted() {
                lines.append("\(path)@\(name) = \(try object.attribute(name).map { render($0) } ?? "nil")")
            }
        }
        func visit(_ group: HDF5Group) throws {
            let children = try group.children().sorted()
            lines.append("\(group.path): group \(children)")
            try attributes(group, path: group.path)
            for name in children {
                switch try group.kind(of: name) {
                case .group: try visit(try group.group(name))
                case .dataset:
                    let dataset = try group.dataset(name)
                    lines.append("\(dataset.path): dataset \(try dataset.shape().isEmpty && (try? dataset.read(as: Double.self).count) == 0 ? [0] : try dataset.shape()) \(values(dataset))")
                    try attributes(dataset, path: dataset.path)
                case .other: lines.append("\(group.path)/\(name): other")
                }
            }
        }
        func values(_ dataset: HDF5Dataset) -> String {
            do {
                switch try dataset.elementType() {
                case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
                    return "\(try dataset.read(as: Int.self).values)"
                case .float16, .float32, .float64: return "\(try dataset.read(as: Double.self).values)"
                default: return "\(try dataset.readStrings())"
                }
            } catch { return "unreadable" }
        }
        try visit(file.root)
        return lines
    }

    private static func render(_ value: HDF5ReadOnlyAttributeValue) -> String {
        switch value {
        case .string(let text): "string \(text.debugDescription)"
        case .strings(let texts): "strings \(texts)"
        case .int(let number): "int \(number)"
        case .ints(let numbers): "ints \(numbers)"
        case .double(let number): "double \(number)"
        case .doubles(let numbers): "doubles \(numbers)"
        }
    }

    private static func render(_ value: HDF5AttributeValue) -> String {
        switch value {
        case .string(let text): "string \(text.debugDescription)"
        case .strings(let texts): "strings \(texts)"
        case .int(let number): "int \(number)"
        case .ints(let numbers): "ints \(numbers)"
        case .double(let number): "double \(number)"
        case .doubles(let numbers): "doubles \(numbers)"
        }
    }
}
