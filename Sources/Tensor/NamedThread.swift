#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Starts a detached thread that runs `body`: on Linux a POSIX thread, so that the worker pool does not need
/// `Foundation.Thread` and `tandemd` does not link full Foundation (and its ICU data); elsewhere `Foundation.Thread`.
/// The thread gets the system's default stack size.
enum NamedThread {
    /// Starts the thread; `name` (cut to the 15 bytes Linux allows) is what `top -H` and debuggers show.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        #if canImport(Glibc)
        let context = Unmanaged.passRetained(Context(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, namedThreadEntry, context)
        guard status == 0 else {
            Unmanaged<Context>.fromOpaque(context).release()
            fatalError("NamedThread: pthread_create failed (\(status))")
        }
        pthread_detach(thread)
        #else
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
        #endif
    }

    #if canImport(Glibc)
    /// What the new thread needs, handed over as one retained object.
    final class Context: @unchecked Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
    }

    /// Names the calling thread, best effort. Glibc's Swift module does not export `pthread_setname_np`, so the
    /// name goes through /proc/thread-self/comm (the same kernel field).
    static func nameCurrentThread(_ name: String) {
        let bytes = Array(name.utf8.prefix(15))
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
    #endif
}

#if canImport(Glibc)
/// The POSIX thread's start routine: takes over the retained context, names the thread, runs the body.
private func namedThreadEntry(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    let context = Unmanaged<NamedThread.Context>.fromOpaque(argument).takeRetainedValue()
    NamedThread.nameCurrentThread(context.name)
    context.body()
    return nil
}
#endif
