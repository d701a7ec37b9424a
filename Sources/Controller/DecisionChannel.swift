import Glibc

/// How `tandemd` tells other processes which sub-network to run. Two transports, the same payload
/// (`ControllerDecision.jsonLine`):
///
/// - **State file** (`--channel PATH`): always holds the latest decision as one JSON line plus a newline. It is
///   replaced atomically (written to `PATH.tmp` in the same folder, then `rename`d), so a reader never sees a
///   partial line: `cat PATH`, or poll it and re-read when its mtime changes.
/// - **Unix datagram socket** (`--socket PATH`): each decision is sent as one datagram (no newline) to a socket the
///   application has bound at `PATH` (`socket(AF_UNIX, SOCK_DGRAM)` + `bind`). When nothing listens there, the
///   datagram is dropped silently: the controller never blocks on a slow or absent reader.
public final class DecisionChannel {
    public let statePath: String?
    public let socketPath: String?
    private let socketDescriptor: Int32

    /// Checks that the state file's folder is writable (by writing the file once, empty-decision free) and opens the
    /// datagram socket.
    public init(statePath: String?, socketPath: String?) throws(ControllerError) {
        self.statePath = statePath
        self.socketPath = socketPath
        if let socketPath {
            guard socketPath.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else {
                throw .output(path: socketPath, reason: "socket path is too long for AF_UNIX")
            }
            let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else {
                throw .output(path: socketPath, reason: "cannot create a datagram socket: \(String(cString: strerror(errno)))")
            }
            // Never block the control loop on a full receive queue.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            socketDescriptor = descriptor
        } else {
            socketDescriptor = -1
        }
        if let statePath {
            let folder = statePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            let directory = folder.isEmpty ? (statePath.hasPrefix("/") ? "/" : ".") : folder
            guard access(directory, W_OK) == 0 else {
                throw .output(path: statePath, reason: "folder \(directory) is not writable: \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit {
        if socketDescriptor >= 0 { close(socketDescriptor) }
    }

    /// Publishes `decision` on every configured transport.
    public func publish(_ decision: ControllerDecision) throws(ControllerError) {
        guard statePath != nil || socketPath != nil else { return }
        let line = decision.jsonLine
        if let statePath { try Self.writeAtomically(line + "\n", to: statePath) }
        if let socketPath { send(line, to: socketPath) }
    }

    /// Writes `text` to `path` through a temporary file in the same folder and `rename`.
    public static func writeAtomically(_ text: String, to path: String) throws(ControllerError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .output(path: temporary, reason: "cannot create: \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else {
            unlink(temporary)
            throw .output(path: temporary, reason: "short write")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .output(path: path, reason: "cannot rename \(temporary) over it: \(reason)")
        }
    }

    private func send(_ line: String, to path: String) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            for (index, byte) in bytes.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bytes = Array(line.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { payload in
                    sendto(socketDescriptor, payload.baseAddress, payload.count, Int32(MSG_DONTWAIT),
                           socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
    }
}
