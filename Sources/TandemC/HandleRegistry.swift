import Synchronization

/// Every live handle this library gave out, by address and kind. Handles are checked against it on every call, so
/// a null, destroyed, foreign or wrong-kind pointer from Python becomes `TandemStatus.invalidHandle` instead of a
/// crash, and `destroy` twice is harmless. A registered object is retained until `remove`.
///
/// Not a lock around the environments: one handle must not be stepped from two threads at the same time (ctypes
/// releases the GIL during the call). Distinct handles may be used from distinct threads.
enum HandleRegistry {
    /// The two kinds of handle.
    enum Kind: Sendable {
        case single
        case batch
    }

    private static let live = Mutex<[UInt: Kind]>([:])

    static func kind(of type: AnyObject.Type) -> Kind { type == BatchEnv.self ? .batch : .single }

    /// Retains `object` and returns its opaque address.
    static func register<T: AnyObject>(_ object: T) -> UnsafeMutableRawPointer {
        let pointer = Unmanaged.passRetained(object).toOpaque()
        let kind = kind(of: T.self)
        live.withLock { $0[UInt(bitPattern: pointer)] = kind }
        return pointer
    }

    /// The object behind `pointer` when it is live and of type `T`.
    static func lookup<T: AnyObject>(_ pointer: UnsafeMutableRawPointer?, as type: T.Type) -> T? {
        guard let pointer else { return nil }
        let expected = kind(of: T.self)
        let found = live.withLock { $0[UInt(bitPattern: pointer)] }
        guard found == expected else { return nil }
        return Unmanaged<T>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Forgets `pointer` when it is a live `T` and returns the object (the registry's reference is released when the
    /// returned value goes away).
    static func remove<T: AnyObject>(_ pointer: UnsafeMutableRawPointer?, as type: T.Type) -> T? {
        guard let pointer else { return nil }
        let expected = kind(of: T.self)
        let removed = live.withLock { table -> Bool in
            guard table[UInt(bitPattern: pointer)] == expected else { return false }
            table[UInt(bitPattern: pointer)] = nil
            return true
        }
        guard removed else { return nil }
        return Unmanaged<T>.fromOpaque(pointer).takeRetainedValue()
    }
}
