#if canImport(Glibc)
import Glibc
#endif

/// Checks a file before libhdf5 sees it, so that a missing, empty, truncated or foreign file gets one precise
/// message instead of libhdf5's generic "unable to open file". Follows the HDF5 file format specification:
/// the superblock starts with the signature `\x89HDF\r\n\x1a\n` at byte 0, 512, 1024, 2048, ... and records the
/// end-of-file address (relative to the base address), which a complete file reaches.
enum HDF5FileCheck {
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `nil` when the file looks like a complete HDF5 file, otherwise the problem in words.
    static func problem(at path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return code == ENOENT ? "no such file" : "cannot access the file: \(String(cString: strerror(code)))"
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return "is a directory, not an HDF5 file" }
        let size = Int(info.st_size)
        if size == 0 { return "empty file (0 bytes), not an HDF5 file" }

        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "cannot read the file: \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }

        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            guard offset >= 0, offset + count <= size else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            return got == count ? buffer : nil
        }

        var offset = 0
        while offset + signature.count <= size {
            if bytes(at: offset, count: signature.count) == signature {
                return superblockProblem(at: offset, fileSize: size, read: bytes)
            }
            offset = offset == 0 ? 512 : offset * 2
        }
        return "not an HDF5 file (\(size) bytes, no HDF5 signature at byte 0, 512, 1024, ...)"
    }

    /// Reads the end-of-file address from the superblock at `start` and compares it with the file's size.
    private static func superblockProblem(at start: Int, fileSize: Int,
                                          read: (Int, Int) -> [UInt8]?) -> String? {
        let tooShort = "truncated HDF5 file (\(fileSize) bytes): too short to hold its superblock"
        guard let version = read(start + 8, 1)?.first else { return tooShort }
        let offsetSize: Int
        let baseAddressAt: Int
        switch version {
        case 0, 1:
            guard let sizes = read(start + 13, 1) else { return tooShort }
            offsetSize = Int(sizes[0])
            baseAddressAt = start + (version == 0 ? 24 : 28)
        case 2, 3:
            guard let sizes = read(start + 9, 1) else { return tooShort }
            offsetSize = Int(sizes[0])
            baseAddressAt = start + 12
        default:
            return nil  // A newer format: let libhdf5 judge it.
        }
        guard [2, 4, 8].contains(offsetSize) else {
            return "damaged HDF5 file: superblock gives an address size of \(offsetSize) bytes"
        }
        func address(at position: Int) -> UInt64? {
            guard let raw = read(position, offsetSize) else { return nil }
            return raw.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        guard let storedBase = address(at: baseAddressAt),
              let endOfFile = address(at: baseAddressAt + 2 * offsetSize) else { return tooShort }
        let undefined = offsetSize == 8 ? UInt64.max : (UInt64(1) << (8 * UInt64(offsetSize))) - 1
        guard endOfFile != undefined, storedBase != undefined else { return nil }
        // Behind a user block, libhdf5 takes the signature's offset as the base address (as H5F__super_read does).
        let base = start > 0 ? UInt64(start) : storedBase
        let (needed, overflow) = base.addingReportingOverflow(endOfFile)
        if overflow || needed > UInt64(fileSize) {
            return "truncated HDF5 file: \(fileSize) bytes, but its superblock says \(overflow ? "more" : String(needed))"
        }
        return nil
    }
}
