/// The status every `tandem_*` function that can fail returns (0 = success, negative = error). After an error,
/// `tandem_last_error` holds a one-line message that names the argument, the file or the field and the problem.
///
/// The numbers are part of the ABI (`tandem_abi_version`): never renumber, only add.
@c public enum TandemStatus: Int32 {
    case ok = 0
    /// A null pointer, a buffer whose element count does not match, or a malformed string argument.
    case invalidArgument = -1
    /// The handle is null, was destroyed, or is of the other kind (single env vs batch).
    case invalidHandle = -2
    /// An action component outside `0 ..< nvec[i]`.
    case actionOutOfRange = -3
    /// `step` before the first `reset`.
    case resetNeeded = -4
    /// `step` on a single environment whose episode ended (terminated or truncated) without a `reset` in between.
    case episodeEnded = -5
    /// The scenario, the options or the sub-network library cannot be used (create only).
    case badConfiguration = -6
    /// The environment itself failed (e.g. it was closed); the message says why.
    case environmentFailure = -7
}
