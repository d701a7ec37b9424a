import Glibc
import Platform

/// A sysfs/procfs attribute kept open and re-read with `pread` at offset 0, which makes the kernel print it afresh
/// (how monitoring tools poll sysfs), into a fixed buffer, parsed without allocating. Opening, reading and closing
/// through `SysfsRoot` costs a few microseconds per file; the controller reads a dozen files per decision, so it
/// opens each once here. A file removed since it was opened (`st_nlink == 0`; the kernel answers ENODEV for a vanished
/// device) is reported as ENOENT, so a disappearing sensor is still noticed; `RemovalWatch` says when to look.
final class PolledAttribute {
    let path: String
    private let descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Whether the next read checks the link count: set by `RemovalWatch` when the file's links changed, and for
    /// good when the file cannot be watched.
    var mustCheckLinks = true
    private var isWatched = false

    init(root: SysfsRoot, path boardPath: String, capacity: Int = 64, watch: RemovalWatch) throws(SysfsError) {
        path = root.resolve(boardPath)
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path: path, operation: "open for reading", errno: errno) }
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
        isWatched = watch.watch(self)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Reads the attribute afresh; returns the byte count.
    private func refresh() throws(SysfsError) -> Int {
        if mustCheckLinks {
            var info = stat()
            if fstat(descriptor, &info) == 0, info.st_nlink == 0 {
                throw .system(path: path, operation: "read (the file was removed)", errno: ENOENT)
            }
            mustCheckLinks = !isWatched
        }
        let count = pread(descriptor, buffer, capacity, 0)
        guard count >= 0 else { throw .system(path: path, operation: "read", errno: errno) }
        return count
    }

    /// The attribute as one integer (`44500`), as `SysfsRoot.readInt` parses it.
    func readInt() throws(SysfsError) -> Int {
        let count = try refresh()
        var index = 0
        while index < count, buffer[index] == 0x20 || buffer[index] == 0x09 || buffer[index] == 0x0A { index += 1 }
        let negative = index < count && buffer[index] == 0x2D
        if negative { index += 1 }
        var value = 0
        var digits = 0
        while index < count, buffer[index] >= 0x30, buffer[index] <= 0x39, digits < 18 {
            value = value * 10 + Int(buffer[index] - 0x30)
            index += 1
            digits += 1
        }
        while index < count, buffer[index] == 0x20 || buffer[index] == 0x09 || buffer[index] == 0x0A { index += 1 }
        guard digits > 0, index == count else {
            throw .garbage(path: path, content: String(decoding: UnsafeBufferPointer(start: buffer, count: min(count, 40)), as: UTF8.self),
                           expected: "an integer")
        }
        return negative ? -value : value
    }

    /// The first line's whitespace-separated unsigned integers after its label (the aggregate `cpu` line of
    /// /proc/stat: user nice system idle iowait irq softirq steal …), written into `values`; returns how many.
    func readFirstLineCounters(into values: UnsafeMutablePointer<UInt64>, maxCount: Int) throws(SysfsError) -> Int {
        let count = try refresh()
        var index = 0
        while index < count, buffer[index] != 0x20 { index += 1 }  // skip the label
        var found = 0
        while index < count, buffer[index] != 0x0A, found < maxCount {
            while index < count, buffer[index] == 0x20 { index += 1 }
            var value: UInt64 = 0
            var digits = 0
            while index < count, buffer[index] >= 0x30, buffer[index] <= 0x39 {
                value = value &* 10 &+ UInt64(buffer[index] - 0x30)
                index += 1
                digits += 1
            }
            if digits == 0 { break }
            values[found] = value
            found += 1
        }
        return found
    }
}
