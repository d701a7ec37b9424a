import Glibc

/// `perf_event_open(2)` without a C shim: glibc has no wrapper and Swift does not import the variadic `syscall`, so
/// this looks `syscall` up once with `dlsym` and calls it through a fixed six-argument C signature (both x86-64 and
/// AArch64 pass the first six integer arguments of a variadic call in the same registers as a plain call).
/// `perf_event_attr` is laid out by hand at PERF_ATTR_SIZE_VER5 (112 bytes), which every kernel since 4.1 accepts.
enum PerfEventSyscall {
    private typealias SyscallFunction = @convention(c) (Int, Int, Int, Int, Int, Int, Int) -> Int

    #if arch(x86_64)
    static let number = 298
    #elseif arch(arm64)
    static let number = 241
    #else
    static let number = -1
    #endif

    static let attributeSize = 112
    /// read_format bits: TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING | GROUP.
    static let readFormat: UInt64 = 1 | 2 | 8

    private static let syscallFunction: SyscallFunction? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "syscall") else { return nil }
        return unsafeBitCast(symbol, to: SyscallFunction.self)
    }()

    /// Why perf_event_open cannot be called at all in this build, or nil when it can.
    static var unavailableReason: String? {
        if number < 0 { return "perf_event_open: unsupported CPU architecture" }
        if syscallFunction == nil { return "perf_event_open: glibc's syscall() not found (statically linked without libc?)" }
        return nil
    }

    /// Opens one counter; returns the file descriptor or throws the errno.
    static func open(_ event: PerfEvent, scope: PerfScope, groupFD: Int32, excludeKernel: Bool) -> Result<Int32, PerfError> {
        guard let call = syscallFunction, number >= 0 else {
            return .failure(.unavailable(event: event, errno: ENOSYS))
        }
        var attribute = [UInt8](repeating: 0, count: attributeSize)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { bytes in
                for (index, byte) in bytes.enumerated() { attribute[offset + index] = byte }
            }
        }
        put(event.type, at: 0)
        put(UInt32(attributeSize), at: 4)
        put(event.config, at: 8)
        put(readFormat, at: 32)
        // flags at offset 40: bit 0 disabled (0: count from open), bit 5 exclude_kernel, bit 6 exclude_hv.
        let flags: UInt64 = (excludeKernel ? 1 << 5 : 0) | (1 << 6)
        put(flags, at: 40)
        let descriptor = attribute.withUnsafeMutableBytes { raw -> Int in
            let address = Int(bitPattern: raw.baseAddress)
            return call(number, address, Int(scope.pid), Int(scope.cpu), Int(groupFD), 0 /* flags: none */, 0)
        }
        if descriptor < 0 { return .failure(.unavailable(event: event, errno: Glibc.errno)) }
        return .success(Int32(descriptor))
    }
}

/// Why a counter could not be opened or read.
public enum PerfError: Error, Equatable, CustomStringConvertible {
    case unavailable(event: PerfEvent, errno: Int32)
    case noEventAvailable(reasons: [String])
    case readFailed(errno: Int32)

    public var description: String {
        switch self {
        case .unavailable(let event, let code):
            "perf event \(event.rawValue): perf_event_open failed: \(SysfsError.errnoName(code)) (\(String(cString: strerror(code))))"
        case .noEventAvailable(let reasons):
            "no perf event could be opened: " + reasons.joined(separator: "; ")
        case .readFailed(let code):
            "reading the perf event group failed: \(SysfsError.errnoName(code))"
        }
    }
}
