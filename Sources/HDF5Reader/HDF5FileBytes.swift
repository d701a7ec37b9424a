#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole file in memory with bounds-checked little-endian reads. Every read that would leave the file throws a
/// `truncated` error naming the structure being read, so a damaged or cut file can never crash the reader.
struct HDF5FileBytes: Sendable {
    let path: String
    let bytes: [UInt8]
    /// Width of addresses and lengths in the file (from the superblock; 8 for files Tandem and h5py write).
    var offsetSize = 8
    var lengthSize = 8
    /// Where address 0 lies in the file (the superblock's position when there is a user block).
    var baseAddress = 0

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Reads the file at `path` with plain POSIX calls.
    static func load(_ path: String) throws(HDF5ReadError) -> HDF5FileBytes {
        func fail(_ reason: String) -> HDF5ReadError { HDF5ReadError(file: path, kind: .unreadable, reason: reason) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            throw fail(code == ENOENT ? "no such file" : "cannot access the file: \(String(cString: strerror(code)))")
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw fail("is a directory, not an HDF5 file") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fail("cannot open the file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: max(0, Int(info.st_size)))
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(descriptor, base + filled, buffer.count - filled, off_t(filled))
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw fail("cannot read the file: \(String(cString: strerror(errno)))") }
            if got == 0 { break }  // The file shrank while being read: the checks below report it as truncated.
            filled += got
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return HDF5FileBytes(path: path, bytes: bytes)
    }

    func error(_ kind: HDF5ReadError.Kind, _ reason: String, object: String? = nil) -> HDF5ReadError {
        HDF5ReadError(file: path, object: object, kind: kind, reason: reason)
    }

    /// The file position of a file address (addresses are relative to the base address).
    func position(ofAddress address: UInt64, _ what: String) throws(HDF5ReadError) -> Int {
        guard address != undefinedAddress else { throw error(.corrupt, "\(what) has no address") }
        let (sum, overflow) = UInt64(baseAddress).addingReportingOverflow(address)
        guard !overflow, sum <= UInt64(bytes.count) else {
            throw error(.truncated, "\(what) at address \(address) lies beyond the file's \(bytes.count) bytes")
        }
        return Int(sum)
    }

    /// The all-ones address HDF5 writes for "not allocated".
    var undefinedAddress: UInt64 { offsetSize == 8 ? .max : (UInt64(1) << (8 * UInt64(offsetSize))) - 1 }

    /// Checks that `count` bytes from `position` lie inside the file.
    func require(_ position: Int, _ count: Int, _ what: String) throws(HDF5ReadError) {
        guard position >= 0, count >= 0, position <= bytes.count, count <= bytes.count - position else {
            throw error(.truncated, "\(what) (\(count) bytes at byte \(position)) runs past the end of the file "
                        + "(\(bytes.count) bytes)")
        }
    }

    /// An unsigned little-endian integer of `size` bytes (1...8).
    func unsigned(_ position: Int, _ size: Int, _ what: String) throws(HDF5ReadError) -> UInt64 {
        try require(position, size, what)
        var value: UInt64 = 0
        for index in 0 ..< size { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        return value
    }

    func u8(_ position: Int, _ what: String) throws(HDF5ReadError) -> Int { Int(try unsigned(position, 1, what)) }
    func u16(_ position: Int, _ what: String) throws(HDF5ReadError) -> Int { Int(try unsigned(position, 2, what)) }
    func u32(_ position: Int, _ what: String) throws(HDF5ReadError) -> Int { Int(try unsigned(position, 4, what)) }
    func address(_ position: Int, _ what: String) throws(HDF5ReadError) -> UInt64 {
        try unsigned(position, offsetSize, what)
    }

    /// A length field, which must fit the file (a length larger than the file is damage, not a big object).
    func length(_ position: Int, _ what: String) throws(HDF5ReadError) -> Int {
        let value = try unsigned(position, lengthSize, what)
        guard value <= UInt64(bytes.count) else {
            throw error(.corrupt, "\(what) is \(value) bytes, more than the whole file (\(bytes.count) bytes)")
        }
        return Int(value)
    }

    /// Whether the 4-byte signature `text` stands at `position`.
    func hasSignature(_ text: String, at position: Int) -> Bool {
        let expected = Array(text.utf8)
        guard position >= 0, position + expected.count <= bytes.count else { return false }
        return bytes[position ..< position + expected.count].elementsEqual(expected)
    }

    /// A NUL-terminated string starting at `position`, which must end before `limit`.
    func cString(_ position: Int, limit: Int, _ what: String) throws(HDF5ReadError) -> String {
        try require(position, 0, what)
        let end = min(limit, bytes.count)
        var cursor = position
        while cursor < end, bytes[cursor] != 0 { cursor += 1 }
        guard cursor < end else { throw error(.corrupt, "\(what) at byte \(position) is not NUL-terminated") }
        return String(decoding: bytes[position ..< cursor], as: UTF8.self)
    }
}
