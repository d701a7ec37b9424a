/// A group of an open read-only file with its links and attributes. Names passed to its methods are relative to
/// it and may be nested (`"layers/0/weight"`).
public struct HDF5ReadOnlyGroup: HDF5ReadOnlyObject {
    public let path: String
    let file: HDF5FileBytes
    private let links: [String: UInt64]
    private let attributes: HDF5ObjectAttributes

    public var filePath: String { file.path }
    /// The names of the group's direct children, sorted.
    public var childNames: [String] { links.keys.sorted() }
    public var attributeNames: [String] { attributes.names }

    public func attribute(_ name: String) throws(HDF5ReadError) -> HDF5ReadOnlyAttributeValue? {
        try attributes.value(file, name, object: path)
    }

    static func open(_ file: HDF5FileBytes, address: UInt64, path: String) throws(HDF5ReadError) -> HDF5ReadOnlyGroup {
        let header = try HDF5ObjectHeader.read(file, address: address, object: path)
        let kind = try HDF5ReadOnlyObjectKind.of(file, header, path: path)
        guard kind == .group else { throw file.error(.wrongType, "is a \(kind), not a group", object: path) }
        // Old-style groups list their links in a symbol table; new-style ones (UTF-8 link names, as Tandem's
        // writer stores them) in link messages or, past 8 links, in a fractal heap indexed by a B-tree.
        let links = if let table = header.first(.symbolTable) {
            try HDF5SymbolTable.links(file, table, object: path)
        } else if let info = header.first(.linkInfo) {
            try HDF5LinkInfo.links(file, header: header, info: info, group: path)
        } else {
            [String: UInt64]()
        }
        return HDF5ReadOnlyGroup(path: path, file: file, links: links,
                                 attributes: try HDF5ObjectAttributes(file, header: header, object: path))
    }

    /// Whether `name` exists below this group (every intermediate name must be a group).
    public func contains(_ name: String) -> Bool {
        (try? resolve(name)) != nil
    }

    /// The kind of object `name` is.
    public func kind(of name: String) throws(HDF5ReadError) -> HDF5ReadOnlyObjectKind {
        let (address, target) = try resolve(name)
        let header = try HDF5ObjectHeader.read(file, address: address, object: target)
        return try HDF5ReadOnlyObjectKind.of(file, header, path: target)
    }

    /// The group `name`.
    public func group(_ name: String) throws(HDF5ReadError) -> HDF5ReadOnlyGroup {
        let (address, target) = try resolve(name)
        return try HDF5ReadOnlyGroup.open(file, address: address, path: target)
    }

    /// The dataset `name` (its shape and type are read; its data when asked for).
    public func dataset(_ name: String) throws(HDF5ReadError) -> HDF5ReadOnlyDataset {
        let (address, target) = try resolve(name)
        return try HDF5ReadOnlyDataset.open(file, address: address, path: target)
    }

    /// The numbers of dataset `name` as `T` with its shape.
    public func read<T: HDF5ReadableNumber & Equatable>(_ name: String, as type: T.Type) throws(HDF5ReadError) -> HDF5ReadOnlyArray<T> {
        try dataset(name).read(as: type)
    }

    /// The strings of dataset `name`, row-major.
    public func readStrings(_ name: String) throws(HDF5ReadError) -> [String] {
        try dataset(name).readStrings()
    }

    /// The object header address and absolute path of `name`, walking nested names through child groups.
    private func resolve(_ name: String) throws(HDF5ReadError) -> (address: UInt64, path: String) {
        let parts = name.split(separator: "/").map(String.init)
        guard let last = parts.last else {
            throw file.error(.missing, "empty object name", object: path)
        }
        var group = self
        for part in parts.dropLast() { group = try group.group(part) }
        let target = group.path == "/" ? "/" + last : group.path + "/" + last
        guard let address = group.links[last] else { throw file.error(.missing, "no such object", object: target) }
        return (address, target)
    }
}
