/// A failure in the HDF5 layer, printed as one line that names the file, the object inside it, what Tandem was
/// doing and the problem: `/runs/a.h5: reading dataset '/weights/w': object 'w' doesn't exist`.
///
/// `reason` is Tandem's own words where it knows the problem (missing file, wrong shape, wrong type) and otherwise
/// libhdf5's innermost message; `libraryMessage` is always libhdf5's innermost message when libhdf5 reported one.
public struct HDF5Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file on disk.
    public let file: String
    /// The object path inside the file (`/weights/w`), `nil` for file-level problems.
    public let object: String?
    /// What Tandem was doing: `opening file`, `reading dataset`, `writing attribute 'unit' of`, ...
    public let action: String
    /// The problem in words.
    public let reason: String
    /// libhdf5's innermost error message (the function where the error was first detected), if any.
    public let libraryMessage: String?

    public init(file: String, object: String?, action: String, reason: String, libraryMessage: String? = nil) {
        self.file = file
        self.object = object
        self.action = action
        self.reason = reason
        self.libraryMessage = libraryMessage
    }

    public var description: String {
        var text = "\(file): \(action)"
        if let object { text += " '\(object)'" }
        text += ": \(reason)"
        if let libraryMessage, !reason.contains(libraryMessage) { text += " (libhdf5: \(libraryMessage))" }
        return text
    }
}
