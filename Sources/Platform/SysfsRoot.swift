import Glibc

/// The one door to sysfs and procfs: every path Tandem reads or writes is an absolute board path
/// (`/sys/devices/...`) resolved under `root` ("/" on a board, a temporary folder in tests).
///
/// Reads and writes are plain `open`/`read`/`write` calls, because sysfs attributes are not regular files: a write
/// must reach the attribute itself, so the usual atomic "write a temporary file, then rename" cannot apply here.
///
/// `injectedFailures` makes an access to a path fail with a chosen errno without touching the file. Tests need it
/// because they run as root, where `chmod 000` denies nothing, and because `EBUSY` cannot be produced on a plain
/// file at all. The same code path then reports the failure exactly as the kernel's would be reported.
public struct SysfsRoot: Sendable, Equatable {
    public enum Access: Sendable, Hashable { case read, write }

    public struct InjectedFailure: Sendable, Hashable {
        public var path: String
        public var access: Access
        public var errno: Int32

        public init(path: String, access: Access, errno: Int32) {
            self.path = path
            self.access = access
            self.errno = errno
        }
    }

    /// The folder that stands for "/" (no trailing slash, except "/" itself).
    public let root: String
    public let injectedFailures: [InjectedFailure]

    public init(root: String = "/", injectedFailures: [InjectedFailure] = []) {
        var trimmed = root
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed.isEmpty ? "/" : trimmed
        self.injectedFailures = injectedFailures
    }

    /// The same root with one more failure injected.
    public func failing(_ path: String, on access: Access, errno: Int32) -> SysfsRoot {
        SysfsRoot(root: root, injectedFailures: injectedFailures + [InjectedFailure(path: path, access: access, errno: errno)])
    }

    /// The real file-system path of a board path.
    public func resolve(_ path: String) -> String {
        if root == "/" { return path }
        return path.hasPrefix("/") ? root + path : root + "/" + path
    }

    private func injected(_ path: String, _ access: Access) -> Int32? {
        injectedFailures.first { $0.path == path && $0.access == access }?.errno
    }

    public func exists(_ path: String) -> Bool {
        access(resolve(path), F_OK) == 0
    }

    public func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(resolve(path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The whole attribute as text, with the trailing newline removed.
    public func readString(_ path: String) throws(SysfsError) -> String {
        let full = resolve(path)
        if let code = injected(path, .read) { throw .system(path: full, operation: "read", errno: code) }
        let descriptor = open(full, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path: full, operation: "open for reading", errno: Glibc.errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if Glibc.errno == EINTR { continue }
                throw .system(path: full, operation: "read", errno: Glibc.errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > 1 << 22 { break }  // procfs/sysfs attributes are small; never read a runaway file whole
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The attribute as one integer (`1190400`), or `.garbage` naming the path.
    public func readInt(_ path: String) throws(SysfsError) -> Int {
        let text = try readString(path).trimmingSpaces
        guard let value = Int(text) else { throw .garbage(path: resolve(path), content: text, expected: "an integer") }
        return value
    }

    /// A whitespace-separated list of integers (`scaling_available_frequencies`).
    public func readIntList(_ path: String) throws(SysfsError) -> [Int] {
        let text = try readString(path)
        var values: [Int] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            guard let value = Int(word) else {
                throw .garbage(path: resolve(path), content: text, expected: "whitespace-separated integers")
            }
            values.append(value)
        }
        return values
    }

    /// Writes `text` to the attribute (no newline added; the kernel accepts both).
    public func write(_ text: String, to path: String) throws(SysfsError) {
        let full = resolve(path)
        if let code = injected(path, .write) { throw .system(path: full, operation: "write '\(text)'", errno: code) }
        let descriptor = open(full, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path: full, operation: "open for writing", errno: Glibc.errno) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw .system(path: full, operation: "write '\(text)'", errno: written < 0 ? Glibc.errno : EIO)
        }
    }

    /// The names in a folder, sorted, without "." and "..".
    public func listDirectory(_ path: String) throws(SysfsError) -> [String] {
        let full = resolve(path)
        if let code = injected(path, .read) { throw .system(path: full, operation: "list", errno: code) }
        guard let directory = opendir(full) else { throw .system(path: full, operation: "list", errno: Glibc.errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines (Foundation-free, for sysfs text).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
