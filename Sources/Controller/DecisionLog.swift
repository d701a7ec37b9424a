import Glibc

/// `--log FILE`: one line per decision (and one per event: start, fallback, restore), appended with one `write`
/// each, so `tail -f` and log rotation by copy-truncate work. Lines: `<unix seconds> <event> <details>`.
public final class DecisionLog {
    public let path: String
    private let descriptor: Int32

    public init(path: String) throws(ControllerError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .output(path: path, reason: "cannot open for appending: \(String(cString: strerror(errno)))") }
    }

    deinit { close(descriptor) }

    /// Appends `<timestamp> <event> <details>`. A failed log write never stops the controller.
    public func write(event: String, _ details: String, timestampS: Double = ControllerClock.realtimeS()) {
        let line = "\(timestampS) \(event) \(details)\n"
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }
}
