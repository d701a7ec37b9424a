import Glibc

/// A failed sysfs/procfs access: the full path (under the root), what was attempted, and why, with the errno.
public enum SysfsError: Error, Equatable, CustomStringConvertible {
    /// The OS refused: `ENOENT`, `EACCES`, `EBUSY`, `EINVAL`, … (`errno` and its symbolic name).
    case system(path: String, operation: String, errno: Int32)
    /// The file was read but its text is not what the attribute holds (e.g. "abc" where kHz were expected).
    case garbage(path: String, content: String, expected: String)

    public var path: String {
        switch self {
        case .system(let path, _, _), .garbage(let path, _, _): path
        }
    }

    /// The errno of a `.system` failure, nil for garbage.
    public var errno: Int32? {
        if case .system(_, _, let code) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .system(let path, let operation, let code):
            "\(path): \(operation) failed: \(SysfsError.errnoName(code)) (\(String(cString: strerror(code))))"
        case .garbage(let path, let content, let expected):
            "\(path): unexpected content '\(content.prefix(80))': expected \(expected)"
        }
    }

    /// The symbolic name of the errnos a sysfs access commonly meets, else `errno N`.
    public static func errnoName(_ code: Int32) -> String {
        switch code {
        case ENOENT: "ENOENT"
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case EBUSY: "EBUSY"
        case EINVAL: "EINVAL"
        case EISDIR: "EISDIR"
        case ENOTDIR: "ENOTDIR"
        case EIO: "EIO"
        case EAGAIN: "EAGAIN"
        case ENODEV: "ENODEV"
        case EROFS: "EROFS"
        case EOPNOTSUPP: "EOPNOTSUPP"
        default: "errno \(code)"
        }
    }
}
