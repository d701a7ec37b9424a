/// What a link in a group points at.
public enum HDF5ReadOnlyObjectKind: String, Sendable, Equatable, CustomStringConvertible {
    case group
    case dataset
    /// A committed datatype or an object this reader does not interpret.
    case other

    public var description: String { rawValue }

    /// Classifies an object by the messages its header holds.
    static func of(_ file: HDF5FileBytes, _ header: HDF5ObjectHeader, path: String) throws(HDF5ReadError) -> HDF5ReadOnlyObjectKind {
        if header.contains(.symbolTable) || header.contains(.linkInfo) { return .group }
        if header.contains(.dataLayout) { return .dataset }
        return .other
    }
}
