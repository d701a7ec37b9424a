import ArgumentParsing
import Controller

/// `tandemd`'s command line and how it becomes a `ControllerConfiguration`.
enum DaemonOptions {
    static let spec = CommandSpec(
        name: "",
        abstract: "Run a Tandem policy file on this board: sub-network choice and CPU/GPU DVFS in tandem.",
        discussion: """
            Checks the policy against the board (OPP tables, platform fingerprint) and refuses another board's \
            policy before touching anything. Then, every period: reads the sensors, builds the observation as in \
            training, decides, pins the CPU clusters (userspace governor) and the GPU (devfreq min = max), and \
            publishes the sub-network level (--channel state file, --socket datagrams, --log lines). SIGINT or \
            SIGTERM stops it and restores every governor, limit and frequency it changed; so do a failed write, a \
            lost sensor, a non-finite observation and --max-overruns late periods in a row (exit 74 / 75).

            EXIT CODES: 0 stopped (board restored); 64 usage; 65 bad policy file; 69 board cannot run this policy \
            or sysfs root unreadable; 70 inference failure; 71 restore failed; 73 channel/log not writable; \
            74 a write to the board failed (board restored); 75 fell back to the board's governors (board restored). \
            Exits 64, 65, 69 and 73 leave the board untouched.
            """,
        options: [
            .value("policy", "P.h5", "The policy file (tandem train --out).", required: true),
            .value("sysfs-root", "DIR", "Folder that stands for / (a fake board tree in tests).", default: "/"),
            .value("period-ms", "N", "Control period; with a workload also the frame period.", default: "100"),
            .flag("dry-run", "Decide and log what would be written; write nothing to the board."),
            .value("log", "FILE", "Append one line per decision (and per start/stop/fallback)."),
            .value("channel", "PATH", "State file holding the latest decision as one JSON line (atomic replace)."),
            .value("socket", "PATH", "Send each decision as one JSON datagram to this Unix socket."),
            .value("weights", "W.h5", "Run the Dynamic-OFA network itself with these supernet weights."),
            .flag("synthetic-weights", "Run the network itself with the built-in synthetic weights (width 1.0)."),
            .value("threads", "N", "Threads for the network's kernels.", default: "1"),
            .value("duration-s", "S", "Stop after S seconds (default: run until SIGINT/SIGTERM)."),
            .value("latency-target-ms", "MS", "The application's latency target, as observed by the policy.", default: "65"),
            .value("accuracy-floor", "PERCENT", "The application's top-1 floor, as observed by the policy.", default: "0"),
            .value("max-overruns", "N", "Fall back after N late periods in a row (0: never).", default: "5"),
            .flag("version", "Show the version."),
        ],
        usageLines: ["--policy <P.h5> [--sysfs-root <DIR>] [--period-ms <N>] [--dry-run] [--log <FILE>] "
            + "[--channel <PATH>] [--socket <PATH>] [--weights <W.h5> | --synthetic-weights] [--duration-s <S>]"])

    static func configuration(_ arguments: ParsedArguments) throws(UsageError) -> ControllerConfiguration {
        let period = try arguments.double("period-ms") ?? 100
        guard period > 0, period.isFinite else {
            throw .invalidValue(option: "period-ms", value: "\(period)", expected: "a positive number of milliseconds")
        }
        let duration = try arguments.double("duration-s")
        if let duration, !(duration >= 0 && duration.isFinite) {
            throw .invalidValue(option: "duration-s", value: "\(duration)", expected: "a non-negative number of seconds")
        }
        let threads = try arguments.int("threads") ?? 1
        guard threads >= 1 else { throw .invalidValue(option: "threads", value: "\(threads)", expected: "at least 1") }
        let overruns = try arguments.int("max-overruns") ?? 5
        guard overruns >= 0 else { throw .invalidValue(option: "max-overruns", value: "\(overruns)", expected: "0 or more") }
        let target = try arguments.double("latency-target-ms") ?? 65
        guard target > 0, target.isFinite else {
            throw .invalidValue(option: "latency-target-ms", value: "\(target)", expected: "a positive number")
        }
        let floor = try arguments.double("accuracy-floor") ?? 0
        guard (0...100).contains(floor) else {
            throw .invalidValue(option: "accuracy-floor", value: "\(floor)", expected: "a top-1 percentage in 0...100")
        }
        var workload = ControllerConfiguration.Workload.none
        if let weights = arguments.string("weights") {
            if arguments.flag("synthetic-weights") {
                throw .invalidValue(option: "weights", value: weights, expected: "either --weights or --synthetic-weights, not both")
            }
            workload = .weights(path: weights)
        } else if arguments.flag("synthetic-weights") {
            workload = .syntheticWeights
        }
        return ControllerConfiguration(
            policyPath: try arguments.required("policy"), sysfsRoot: arguments.string("sysfs-root") ?? "/",
            periodMs: period, dryRun: arguments.flag("dry-run"), logPath: arguments.string("log"),
            channelPath: arguments.string("channel"), socketPath: arguments.string("socket"), workload: workload,
            inferenceThreads: threads, durationS: duration, latencyTargetMs: target, accuracyFloorPercent: floor,
            maxConsecutiveOverruns: overruns)
    }
}
