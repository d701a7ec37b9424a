import Environment
// C ABI, part 1: version, errors, the info layout and the space queries shared by both handle kinds.
// Every function validates its arguments and returns a `TandemStatus` (or a count ≥ 0); none traps.

/// The ABI version: bumped whenever a signature or a meaning changes (Python refuses a library it does not know).
@c public func tandem_abi_version() -> Int32 { 1 }

/// Copies the last error message (UTF-8, NUL-terminated, truncated to `capacity − 1` bytes) into `buffer` and
/// returns its full length in bytes; `buffer` may be null to ask for the length.
@c public func tandem_last_error(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int64) -> Int64 {
    copy(LastError.current, into: buffer, capacity: capacity)
}

/// Number of doubles in one step's info row.
@c public func tandem_info_count() -> Int32 { Int32(InfoLayout.count) }

/// The info fields' names, comma-separated, copied like `tandem_last_error` (returns the full length).
@c public func tandem_info_names(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int64) -> Int64 {
    copy(InfoLayout.names.joined(separator: ","), into: buffer, capacity: capacity)
}

/// Floats per observation of one copy, or a negative `TandemStatus`. Accepts single and batch handles.
@c public func tandem_env_observation_dim(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let env = anyEnv(handle) else { return invalidHandle(handle) }
    return Int32(env.observationCount)
}

/// Components of one copy's action (`MultiDiscrete`), or a negative `TandemStatus`.
@c public func tandem_env_action_dims(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let env = anyEnv(handle) else { return invalidHandle(handle) }
    return Int32(env.actionSpace.count)
}

/// Episode length in steps (the scenario's frame count; the last step truncates), or a negative `TandemStatus`.
@c public func tandem_env_max_episode_steps(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let env = anyEnv(handle) else { return invalidHandle(handle) }
    return Int32(clamping: env.scenario.frameCount)
}

/// Writes the observation bounds (`count` must equal the observation dim) into `low` and `high`.
@c public func tandem_env_observation_bounds(_ handle: UnsafeMutableRawPointer?, _ low: UnsafeMutablePointer<Float>?,
                                             _ high: UnsafeMutablePointer<Float>?, _ count: Int64) -> Int32 {
    guard let env = anyEnv(handle) else { return invalidHandle(handle) }
    guard let low, let high else { return LastError.fail(.invalidArgument, "observation_bounds: null buffer") }
    let space = env.observationSpace
    guard count == Int64(space.count) else {
        return LastError.fail(.invalidArgument, "observation_bounds: count \(count), expected \(space.count)")
    }
    for i in 0..<space.count {
        low[i] = space.low[i]
        high[i] = space.high[i]
    }
    return TandemStatus.ok.rawValue
}

/// Writes the action's `nvec` (`count` must equal the action dims) into `nvec`.
@c public func tandem_env_action_nvec(_ handle: UnsafeMutableRawPointer?, _ nvec: UnsafeMutablePointer<Int32>?,
                                      _ count: Int64) -> Int32 {
    guard let env = anyEnv(handle) else { return invalidHandle(handle) }
    guard let nvec else { return LastError.fail(.invalidArgument, "action_nvec: null buffer") }
    let space = env.actionSpace
    guard count == Int64(space.count) else {
        return LastError.fail(.invalidArgument, "action_nvec: count \(count), expected \(space.count)")
    }
    for i in 0..<space.count { nvec[i] = Int32(clamping: space.nvec[i]) }
    return TandemStatus.ok.rawValue
}

// MARK: - Helpers shared by the shims

/// The first environment behind either kind of handle (all copies of a batch share spaces and scenario).
func anyEnv(_ handle: UnsafeMutableRawPointer?) -> RuntimeEnv? {
    if let single = HandleRegistry.lookup(handle, as: SingleEnv.self) { return single.env }
    return HandleRegistry.lookup(handle, as: BatchEnv.self)?.envs.first
}

func invalidHandle(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    LastError.fail(.invalidHandle, handle == nil ? "null handle" : "not a live Tandem handle of this kind "
                   + "(destroyed, foreign, or a batch handle where a single one is expected or the other way round)")
}

/// `text` as a NUL-terminated C string into `buffer` (at most `capacity` bytes); returns the full byte length.
func copy(_ text: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int64) -> Int64 {
    let bytes = Array(text.utf8)
    if let buffer, capacity > 0 {
        let n = min(bytes.count, Int(capacity) - 1)
        for i in 0..<n { buffer[i] = CChar(bitPattern: bytes[i]) }
        buffer[n] = 0
    }
    return Int64(bytes.count)
}

/// A C string argument as Swift text, or nil when null or not UTF-8.
func text(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    return String(validatingCString: pointer)
}
