import CHDF5
import Synchronization

/// The one door to libhdf5. Debian's libhdf5 is built without thread safety, so every call into it, from any task
/// or thread, happens inside `HDF5Library.locked`, which holds one process-wide mutex. The first entry also turns
/// libhdf5's automatic error printing off, so errors reach the caller as `HDF5Error` and never as an error-stack
/// dump on standard error.
enum HDF5Library {
    /// `true` once libhdf5 has been opened and its automatic error printing switched off.
    private static let state = Mutex<Bool>(false)

    /// Runs `body` while holding the process-wide libhdf5 lock. Not re-entrant: `body` must not call `locked`.
    static func locked<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        var outcome: Swift.Result<Result, Failure>?
        state.withLock { initialised in
            if !initialised {
                H5open()
                H5Eset_auto2(tandem_H5E_DEFAULT(), nil, nil)
                initialised = true
            }
            do throws(Failure) {
                outcome = .success(try body())
            } catch {
                outcome = .failure(error)
            }
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw error
        case nil: fatalError("unreachable: withLock always runs its body")
        }
    }

    /// libhdf5's error stack for the current failure, innermost (most specific) first, then cleared.
    /// Call only inside `locked`, right after a call that failed.
    static func takeErrorStack() -> [String] {
        var messages: [String] = []
        withUnsafeMutablePointer(to: &messages) { pointer in
            _ = H5Ewalk2(tandem_H5E_DEFAULT(), H5E_WALK_UPWARD, { _, entry, clientData in
                guard let entry, let clientData else { return 0 }
                let messages = clientData.assumingMemoryBound(to: [String].self)
                var text = entry.pointee.desc.map { String(cString: $0) } ?? ""
                if text.isEmpty {
                    var buffer = [CChar](repeating: 0, count: 256)
                    if H5Eget_msg(entry.pointee.min_num, nil, &buffer, buffer.count) > 0 {
                        text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    }
                }
                if !text.isEmpty { messages.pointee.append(text) }
                return 0
            }, pointer)
        }
        H5Eclear2(tandem_H5E_DEFAULT())
        return messages
    }
}

/// Where an operation happens and what it is, so that every failure inside it becomes a precise `HDF5Error`.
/// Used only inside `HDF5Library.locked`.
struct HDF5Context {
    let file: String
    let object: String?
    let action: String

    /// An error with Tandem's own `reason` (or libhdf5's innermost message when `reason` is nil).
    func failure(_ reason: String? = nil) -> HDF5Error {
        let stack = HDF5Library.takeErrorStack()
        let library = stack.first
        return HDF5Error(file: file, object: object, action: action,
                         reason: reason ?? library ?? "libhdf5 reported a failure without a message",
                         libraryMessage: library)
    }

    /// Checks an identifier returned by libhdf5 (negative means failure).
    @discardableResult
    func id(_ value: hid_t, _ reason: String? = nil) throws(HDF5Error) -> hid_t {
        guard value >= 0 else { throw failure(reason) }
        return value
    }

    /// Checks a status returned by libhdf5 (negative means failure).
    func ok(_ status: herr_t, _ reason: String? = nil) throws(HDF5Error) {
        guard status >= 0 else { throw failure(reason) }
    }

    /// Checks a tri-state answer (positive true, zero false, negative failure).
    func truth(_ answer: htri_t, _ reason: String? = nil) throws(HDF5Error) -> Bool {
        guard answer >= 0 else { throw failure(reason) }
        return answer > 0
    }

    func with(object: String?, action: String) -> HDF5Context {
        HDF5Context(file: file, object: object, action: action)
    }
}
