/// The exit statuses of `tandemd`, from sysexits.h where one fits, so scripts and systemd can tell them apart.
///
/// | code | meaning | board |
/// |---|---|---|
/// | 0 | stopped by SIGINT/SIGTERM or `--duration-s` | restored |
/// | 64 | usage error (bad option) | untouched |
/// | 65 | the policy file is missing, corrupt or inconsistent | untouched |
/// | 69 | the board cannot run this policy: trained for another board, sysfs root unreadable, a needed part absent | untouched |
/// | 70 | internal failure while running (inference, observation layout) | restored |
/// | 71 | restoring the board failed: some settings may be left as tandemd wrote them (the message lists them) | partly restored |
/// | 73 | the decision channel or log cannot be written | untouched |
/// | 74 | a write to the board failed (EACCES, EBUSY, EINVAL, …) | restored |
/// | 75 | fell back to the board's own governors: a sensor disappeared, an observation was not finite, or the loop overran | restored |
public enum ControllerExitCode: Int32, Sendable, CaseIterable {
    case stopped = 0
    case usage = 64
    case badPolicy = 65
    case boardUnsupported = 69
    case internalFailure = 70
    case restoreFailed = 71
    case cannotCreateOutput = 73
    case writeFailed = 74
    case fellBack = 75
}
