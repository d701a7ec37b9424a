/// Why a file could not be read by the read-only HDF5 reader. The description names the file, the object inside it
/// (when known) and the problem; an `unsupported` error also says how to rewrite the file in the supported subset.
public struct HDF5ReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The class of problem, for callers that react differently (a missing object vs a damaged file).
    public enum Kind: String, Sendable, Equatable {
        /// The file cannot be opened or read (missing, a directory, permissions).
        case unreadable
        /// The file has no HDF5 signature.
        case notHDF5
        /// A structure points past the end of the file.
        case truncated
        /// A structure has a wrong signature, version or size: the file is damaged.
        case corrupt
        /// Valid HDF5 outside the subset this reader implements (see `HDF5ReadOnlyFile`).
        case unsupported
        /// The named group, dataset or attribute does not exist.
        case missing
        /// The object exists but holds another kind or type than asked for.
        case wrongType
    }

    public let file: String
    /// Absolute path of the object inside the file, when the problem concerns one.
    public let object: String?
    public let kind: Kind
    public let reason: String

    public init(file: String, object: String? = nil, kind: Kind, reason: String) {
        self.file = file
        self.object = object
        self.kind = kind
        self.reason = reason
    }

    /// What to do about a file outside the subset.
    static let rewriteHint = "rewrite it with Tandem's writer (`tandem` commands) or h5py's defaults "
        + "(libver='earliest', contiguous datasets without compression)"

    public var description: String {
        let place = object.map { "\(file) (\($0))" } ?? file
        switch kind {
        case .unsupported: return "\(place): unsupported HDF5 feature: \(reason); \(Self.rewriteHint)"
        case .truncated: return "\(place): truncated HDF5 file: \(reason)"
        case .corrupt: return "\(place): damaged HDF5 file: \(reason)"
        default: return "\(place): \(reason)"
        }
    }
}
