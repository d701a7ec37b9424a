import Glibc
import Platform

/// Notices that a polled file was removed with one non-blocking `read` of an inotify descriptor per decision,
/// instead of an `fstat` per file per decision (13 of them cost about 6 µs of a 15 µs decision on the fake Xavier NX).
///
/// On a board the kernel itself answers ENODEV when a sysfs attribute's device vanishes; on a tree of regular files
/// (a fake board, a `--sysfs-root` copy) a removed file stays readable through the open descriptor, so its link count
/// must be looked at. inotify reports an unlink as a link-count change (`IN_ATTRIB`) or a deletion (`IN_DELETE_SELF`):
/// only then is that one file's link count checked. A file that cannot be watched (no inotify) is checked on every
/// read, as before.
final class RemovalWatch {
    private let descriptor: Int32
    private var attributes: [Int32: PolledAttribute] = [:]
    private var everything: [PolledAttribute] = []
    private let events: UnsafeMutableRawPointer
    private static let eventBufferSize = 4096

    init() {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        events = .allocate(byteCount: Self.eventBufferSize, alignment: MemoryLayout<inotify_event>.alignment)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        events.deallocate()
    }

    /// Watches `attribute`'s file; returns false when it cannot be watched (the caller then checks every read).
    func watch(_ attribute: PolledAttribute) -> Bool {
        guard descriptor >= 0 else { return false }
        let watch = inotify_add_watch(descriptor, attribute.path, UInt32(IN_ATTRIB | IN_DELETE_SELF))
        guard watch >= 0 else { return false }
        attributes[watch] = attribute
        everything.append(attribute)
        return true
    }

    /// Drains the pending events and marks the files they concern for a link-count check on their next read.
    func collect() {
        guard descriptor >= 0 else { return }
        while true {
            let count = read(descriptor, events, Self.eventBufferSize)
            guard count > 0 else { return }  // EAGAIN: nothing happened since the last decision.
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = events.load(fromByteOffset: offset, as: inotify_event.self)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    everything.forEach { $0.mustCheckLinks = true }
                } else {
                    attributes[event.wd]?.mustCheckLinks = true
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }
}
