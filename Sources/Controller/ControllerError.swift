import OFAEngine
import Platform
import Policy

/// Why the controller stopped or refused to start. `description` is one line naming the file, path or part and the
/// problem; `exitCode` is what `tandemd` exits with.
public enum ControllerError: Error, CustomStringConvertible, Sendable {
    /// The policy file could not be read or is inconsistent.
    case policy(PolicyFileError)
    /// The policy names observation features this code cannot compute, or its tables do not fit the controller.
    case policyUnusable(file: String, reason: String)
    /// The board is not the one the policy was trained for, or lacks something the policy needs.
    case boardUnsupported(String)
    /// The `--sysfs-root` folder is missing or unreadable.
    case sysfsRootUnreadable(path: String, reason: String)
    /// Reading the board's state at start-up (actuator snapshots) failed.
    case boardUnreadable(ActuatorError)
    /// A write to the board failed while running.
    case writeFailed(ActuatorError)
    /// A sensor the observation needs stopped answering.
    case sensorLost(String)
    /// The observation could not be trusted (a NaN or ±inf measurement).
    case nonFiniteObservation(feature: String)
    /// The loop missed its deadline this many times in a row.
    case overrun(consecutive: Int, periodMs: Double)
    /// The network could not be loaded or run.
    case inference(String)
    /// The channel or log file could not be written.
    case output(path: String, reason: String)

    public var description: String {
        switch self {
        case .policy(let error): return "\(error)"
        case .policyUnusable(let file, let reason): return "\(file): policy cannot drive this controller: \(reason)"
        case .boardUnsupported(let reason): return "board refused: \(reason)"
        case .sysfsRootUnreadable(let path, let reason): return "sysfs root \(path): \(reason)"
        case .boardUnreadable(let error): return "cannot read the board's state: \(error)"
        case .writeFailed(let error): return "write to the board failed: \(error)"
        case .sensorLost(let reason): return "sensor lost: \(reason)"
        case .nonFiniteObservation(let feature): return "observation feature \(feature) is not finite"
        case .overrun(let count, let periodMs):
            return "the loop overran its \(periodMs) ms period \(count) times in a row"
        case .inference(let reason): return "inference: \(reason)"
        case .output(let path, let reason): return "\(path): \(reason)"
        }
    }

    /// What `tandemd` exits with for this error.
    public var exitCode: ControllerExitCode {
        switch self {
        case .policy, .policyUnusable: .badPolicy
        case .boardUnsupported, .sysfsRootUnreadable, .boardUnreadable: .boardUnsupported
        case .writeFailed: .writeFailed
        case .sensorLost, .nonFiniteObservation, .overrun: .fellBack
        case .inference: .internalFailure
        case .output: .cannotCreateOutput
        }
    }

    /// Whether the board must be handed back to its own governors (errors while running).
    public var requiresFallback: Bool {
        switch self {
        case .sensorLost, .nonFiniteObservation, .overrun: true
        default: false
        }
    }
}
