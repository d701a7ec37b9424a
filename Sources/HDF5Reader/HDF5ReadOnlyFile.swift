/// An HDF5 file opened read-only by a small pure-Swift reader (no libhdf5), for the processes that must stay light
/// (`tandemd`) and for every policy read. Writing stays with the libhdf5 `HDF5` module.
///
/// The reader implements the subset of the HDF5 file format (specification version 3.0) that libhdf5 writes with
/// its default, earliest-compatible settings — what Tandem's `HDF5` module and h5py write by default:
/// superblock version 0 or 1, version-1 object headers with continuation blocks, old-style groups (symbol table:
/// version-1 B-tree, local heap, symbol-table nodes), contiguous or compact datasets, attributes in the object
/// header (message versions 1–3), integers of 1–8 bytes, IEEE floats of 2, 4, 8 bytes, fixed-size and
/// variable-length strings (global heap), scalar, simple and null dataspaces.
///
/// Everything else is refused with an `unsupported` `HDF5ReadError` that names the file, the object and the
/// feature: superblock v2/v3 and version-2 object headers (`libver='latest'`), new-style groups (link messages),
/// chunked or compressed datasets, dense attribute storage, shared datatypes. The file is read into memory once;
/// every offset in it is bounds-checked, so a truncated or damaged file gives a `truncated`/`corrupt` error.
public struct HDF5ReadOnlyFile: Sendable {
    /// The path the file was opened with.
    public let path: String
    /// The root group `/`.
    public let root: HDF5ReadOnlyGroup

    /// Reads and opens the file at `path`.
    public static func open(_ path: String) throws(HDF5ReadError) -> HDF5ReadOnlyFile {
        try HDF5ReadOnlyFile(bytes: HDF5FileBytes.load(path))
    }

    /// Opens a file image already in memory; `path` is only used in messages.
    public init(bytes: [UInt8], path: String) throws(HDF5ReadError) {
        try self.init(bytes: HDF5FileBytes(path: path, bytes: bytes))
    }

    private init(bytes: HDF5FileBytes) throws(HDF5ReadError) {
        var file = bytes
        let superblock = try HDF5Superblock.read(&file)
        path = file.path
        root = try HDF5ReadOnlyGroup.open(file, address: superblock.rootObjectHeader, path: "/")
    }
}
