/// A dataset of an open read-only file: shape, stored element type, attributes, and its data on request.
public struct HDF5ReadOnlyDataset: HDF5ReadOnlyObject {
    public let path: String
    let file: HDF5FileBytes
    private let values: HDF5StoredValues
    private let attributes: HDF5ObjectAttributes

    public var filePath: String { file.path }
    /// Dimensions (`[]` for a scalar dataset, `[0]` for a null dataspace).
    public var shape: [Int] { values.space.isNull ? [0] : values.space.shape }
    /// The element type on disk.
    public var storedType: HDF5StoredType { values.type }
    public var attributeNames: [String] { attributes.names }

    public func attribute(_ name: String) throws(HDF5ReadError) -> HDF5ReadOnlyAttributeValue? {
        try attributes.value(file, name, object: path)
    }

    static func open(_ file: HDF5FileBytes, address: UInt64, path: String) throws(HDF5ReadError) -> HDF5ReadOnlyDataset {
        let header = try HDF5ObjectHeader.read(file, address: address, object: path)
        let kind = try HDF5ReadOnlyObjectKind.of(file, header, path: path)
        guard kind == .dataset, let layoutMessage = header.first(.dataLayout) else {
            throw file.error(.wrongType, "is a \(kind), not a dataset", object: path)
        }
        if header.contains(.filterPipeline) {
            throw file.error(.unsupported, "filtered dataset (compression, shuffle or checksum filters)", object: path)
        }
        if header.contains(.externalFiles) {
            throw file.error(.unsupported, "dataset stored in external files", object: path)
        }
        guard let typeMessage = header.first(.datatype), let spaceMessage = header.first(.dataspace) else {
            throw file.error(.corrupt, "dataset without a datatype or dataspace message", object: path)
        }
        guard !typeMessage.isShared, !spaceMessage.isShared else {
            throw file.error(.unsupported, "dataset with a shared (committed) datatype or dataspace", object: path)
        }
        let type = try HDF5StoredType.read(file, typeMessage.body, size: typeMessage.size, object: path)
        let space = try HDF5Dataspace.read(file, spaceMessage.body, size: spaceMessage.size, object: path)
        let values: HDF5StoredValues
        switch try HDF5DataLayout.read(file, layoutMessage, object: path) {
        case let .compact(position, size):
            values = try HDF5StoredValues(file, type: type, space: space, start: position, available: size, object: path)
        case let .contiguous(address?, size):
            let start = try file.position(ofAddress: address, "data of \(path)")
            values = try HDF5StoredValues(file, type: type, space: space, start: start, available: size, object: path)
        case .contiguous(nil, _):
            values = try HDF5StoredValues(file, type: type, space: space, start: nil, available: nil, object: path)
        }
        return HDF5ReadOnlyDataset(path: path, file: file, values: values,
                                   attributes: try HDF5ObjectAttributes(file, header: header, object: path))
    }

    /// The numbers as `T` (integers convert to any type they fit, floats to floating-point types only).
    public func read<T: HDF5ReadableNumber & Equatable>(as type: T.Type) throws(HDF5ReadError) -> HDF5ReadOnlyArray<T> {
        HDF5ReadOnlyArray(shape: shape, values: try values.numbers(file, as: type, object: path))
    }

    /// The strings, row-major (fixed-size or variable-length).
    public func readStrings() throws(HDF5ReadError) -> [String] {
        try values.strings(file, object: path)
    }
}
