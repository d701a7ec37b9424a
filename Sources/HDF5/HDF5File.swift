import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// An open HDF5 file. Close it with `close()` (which reports errors) or let it go (closed on deinit).
///
/// `@unchecked Sendable`: its only mutable state, the libhdf5 file identifier, is read and written only while the
/// process-wide libhdf5 lock is held (`HDF5Library.locked`), so a file may be shared between tasks; their
/// operations run one at a time.
public final class HDF5File: @unchecked Sendable {
    /// The path the file was opened or created with.
    public let path: String
    public let isWritable: Bool
    /// The libhdf5 identifier; negative once closed. Guarded by the libhdf5 lock.
    private var identifier: hid_t

    private init(path: String, isWritable: Bool, identifier: hid_t) {
        self.path = path
        self.isWritable = isWritable
        self.identifier = identifier
    }

    /// Creates a new file, replacing any file at `path`. Prefer `writeAtomically` for outputs.
    ///
    /// No file opened here takes libhdf5's `flock` lock. That lock belongs to the open file description, so a child
    /// process forked while a file is open (any `Process` launched by another thread) inherits it and keeps it for its
    /// whole life: the next open of that file in this process then fails with EAGAIN ("unable to lock file"), a
    /// failure seen on CI. Tandem does not need the lock: outputs are written to a temporary file and renamed into
    /// place, so a reader in any process sees either the old file or the whole new one, and within this process every
    /// libhdf5 call is serialised by `HDF5Library.locked`.
    public static func create(_ path: String) throws(HDF5Error) -> HDF5File {
        let context = HDF5Context(file: path, object: nil, action: "creating file")
        let folder = parentFolder(of: path)
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw HDF5Error(file: path, object: nil, action: context.action,
                            reason: "the folder \(folder) does not exist")
        }
        let identifier = try HDF5Library.locked { () throws(HDF5Error) -> hid_t in
            let access = try context.id(H5Pcreate(tandem_H5P_FILE_ACCESS()))
            defer { H5Pclose(access) }
            try context.ok(H5Pset_fclose_degree(access, H5F_CLOSE_STRONG))
            try context.ok(H5Pset_file_locking(access, false, true))
            return try context.id(H5Fcreate(path, tandem_H5F_ACC_TRUNC(), tandem_H5P_DEFAULT(), access))
        }
        return HDF5File(path: path, isWritable: true, identifier: identifier)
    }

    /// Opens an existing file. A missing, empty, truncated or non-HDF5 file is reported precisely.
    public static func open(_ path: String, writable: Bool = false) throws(HDF5Error) -> HDF5File {
        let context = HDF5Context(file: path, object: nil, action: "opening file")
        if let problem = HDF5FileCheck.problem(at: path) {
            throw HDF5Error(file: path, object: nil, action: context.action, reason: problem)
        }
        let identifier = try HDF5Library.locked { () throws(HDF5Error) -> hid_t in
            let access = try context.id(H5Pcreate(tandem_H5P_FILE_ACCESS()))
            defer { H5Pclose(access) }
            try context.ok(H5Pset_fclose_degree(access, H5F_CLOSE_STRONG))
            try context.ok(H5Pset_file_locking(access, false, true))
            let mode = writable ? tandem_H5F_ACC_RDWR() : tandem_H5F_ACC_RDONLY()
            // The file passed the signature and size checks, so what libhdf5 objects to is inside it (or a lock).
            return try context.id(H5Fopen(path, mode, access), "libhdf5 cannot open it")
        }
        return HDF5File(path: path, isWritable: writable, identifier: identifier)
    }

    /// Writes an output file atomically: `body` fills the root group of a temporary file in the same folder, which
    /// is then closed and renamed over `path`. If anything fails (including `body` throwing), the temporary file is
    /// removed, the error is rethrown, and any existing file at `path` is left untouched.
    public static func writeAtomically(to path: String, _ body: (HDF5Group) throws -> Void) throws {
        let folder = parentFolder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (folder == "." && !path.hasPrefix("./") ? "" : folder + "/")
            + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        do {
            let file = try create(temporary)
            do {
                try body(file.root)
                try file.close()
            } catch {
                try? file.close()
                throw error
            }
            guard rename(temporary, path) == 0 else {
                throw HDF5Error(file: path, object: nil, action: "replacing file",
                                reason: "cannot rename \(temporary) over it: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The root group `/`.
    public var root: HDF5Group { HDF5Group(file: self, path: "/") }

    public var isOpen: Bool { HDF5Library.locked { identifier >= 0 } }

    /// Flushes buffered data to disk.
    public func flush() throws(HDF5Error) {
        try withIdentifier(object: nil, action: "flushing file") { (context, file) throws(HDF5Error) in
            try context.ok(H5Fflush(file, H5F_SCOPE_LOCAL))
        }
    }

    /// Closes the file (idempotent). Every group and dataset value of this file becomes unusable.
    public func close() throws(HDF5Error) {
        let context = HDF5Context(file: path, object: nil, action: "closing file")
        try HDF5Library.locked { () throws(HDF5Error) in
            guard identifier >= 0 else { return }
            let status = H5Fclose(identifier)
            identifier = -1
            try context.ok(status)
        }
    }

    deinit {
        let identifier = identifier
        if identifier >= 0 {
            HDF5Library.locked {
                _ = H5Fclose(identifier)
                H5Eclear2(tandem_H5E_DEFAULT())
            }
        }
    }

    /// Runs `body` with the file identifier while holding the libhdf5 lock; fails if the file is closed.
    func withIdentifier<Result>(object: String?, action: String,
                                _ body: (HDF5Context, hid_t) throws(HDF5Error) -> Result) throws(HDF5Error) -> Result {
        let context = HDF5Context(file: path, object: object, action: action)
        return try HDF5Library.locked { () throws(HDF5Error) -> Result in
            guard identifier >= 0 else {
                throw HDF5Error(file: path, object: object, action: action, reason: "the file is closed")
            }
            return try body(context, identifier)
        }
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
