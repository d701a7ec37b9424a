/// What a name inside a group refers to.
public enum HDF5ObjectKind: String, Sendable, Equatable, CustomStringConvertible {
    case group
    case dataset
    /// A named (committed) datatype, or anything else that is neither a group nor a dataset.
    case other

    public var description: String { rawValue }
}
