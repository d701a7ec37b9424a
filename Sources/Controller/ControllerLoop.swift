import Glibc
import OFAEngine
import Platform
import Policy

/// The on-device loop, embeddable in an application or run by `tandemd`: every period it reads the board's
/// sensors, builds the observation with the same `ObservationBuilder` as training, decides with `PolicyRuntime`,
/// sets the CPU and GPU clocks, and publishes the sub-network level (callback, async stream, state file, datagram).
/// With a workload it also runs the chosen sub-network on a synthetic frame and feeds the measured latency into the
/// next observation.
///
/// Safety: `open` refuses a policy trained for another board before touching anything; the board's governors,
/// limits and set speeds are snapshotted at `open` and written back by `restore()`, which `run` calls on every exit
/// path (stop, duration reached, failed write, lost sensor, non-finite observation, overruns). Not thread-safe: one
/// thread drives the loop.
public final class ControllerLoop {
    public let configuration: ControllerConfiguration
    public let policy: PolicyFile
    public let board: DiscoveredBoard
    public let actuation: BoardActuation
    public let observer: BoardObserver
    public let workload: InferenceWorkload?
    /// Absent actuators and sensors (`absent: …`) and other remarks (`note: …`), one sentence each, for the start-up
    /// message.
    public let notes: [String]
    /// Called after every decision, on the loop's thread.
    public var onDecision: ((ControllerDecision) -> Void)?

    private let runtime: PolicyRuntime
    private let builder: ObservationBuilder
    private let channel: DecisionChannel
    private let log: DecisionLog?
    private let levelDimension: Int
    private let cpuDimension: Int
    private let gpuDimension: Int
    private let configJSON: [String]
    private let observation: UnsafeMutablePointer<Float>
    private let action: UnsafeMutablePointer<Int>
    private var streams: [AsyncStream<ControllerDecision>.Continuation] = []

    // What the next observation sees.
    private var latencyTargetMs: Double
    private var accuracyFloorPercent: Double
    private var lastLatencyMs = 0.0
    private var lastInstructionsPerCycle = 0.0
    private var lastCacheMisses = 0.0
    private var current: [Int]
    private var lastStepNs: UInt64
    private var sequence = 0

    /// Loads and checks everything; touches nothing on the board (reads only). Errors name the file or the part.
    public static func open(_ configuration: ControllerConfiguration) throws(ControllerError) -> ControllerLoop {
        let root = try Self.checkedRoot(configuration.sysfsRoot)
        let policy: PolicyFile
        do { policy = try PolicyFile.read(from: configuration.policyPath) } catch { throw .policy(error) }
        let board = BoardDiscovery(root: root).discover()
        let actuation: BoardActuation
        do { actuation = try BoardActuation(board: board, dryRun: configuration.dryRun) } catch { throw .boardUnreadable(error) }
        try Self.check(policy, file: configuration.policyPath, against: board, actuation: actuation)
        let observer = try BoardObserver(board: board)
        let workload = try InferenceWorkload.load(configuration.workload, libraryConfigs: policy.actions.libraryConfigs,
                                                  policyFile: configuration.policyPath,
                                                  threads: configuration.inferenceThreads)
        let channel = try DecisionChannel(statePath: configuration.channelPath, socketPath: configuration.socketPath)
        let log = try configuration.logPath.map { (path) throws(ControllerError) in try DecisionLog(path: path) }
        return try ControllerLoop(configuration: configuration, policy: policy, board: board, actuation: actuation,
                                  observer: observer, workload: workload, channel: channel, log: log)
    }

    private init(configuration: ControllerConfiguration, policy: PolicyFile, board: DiscoveredBoard,
                 actuation: BoardActuation, observer: BoardObserver, workload: InferenceWorkload?,
                 channel: DecisionChannel, log: DecisionLog?) throws(ControllerError) {
        let file = configuration.policyPath
        let names = policy.actions.dimensionNames
        guard let level = names.firstIndex(of: "subnet"), let cpu = names.firstIndex(of: "cpu_opp"),
              let gpu = names.firstIndex(of: "gpu_opp")
        else {
            throw .policyUnusable(file: file, reason: "action dimensions \(names) lack subnet, cpu_opp or gpu_opp")
        }
        guard !policy.actions.libraryConfigs.isEmpty, !policy.actions.cpuFrequenciesKHz.isEmpty,
              !policy.actions.gpuFrequenciesKHz.isEmpty
        else {
            throw .policyUnusable(file: file, reason: "the sub-network library or an OPP table is empty")
        }
        do { builder = try ObservationBuilder(names: policy.observationNames) } catch {
            throw .policyUnusable(file: file, reason: "\(error)")
        }
        var configJSON: [String] = []
        for (index, text) in policy.actions.libraryConfigs.enumerated() {
            do {
                let config = try SubnetConfig.parse(json: text.utf8, source: "\(file) library level \(index)")
                configJSON.append(Self.compactJSON(config))
            } catch {
                throw .policyUnusable(file: file, reason: "\(error)")
            }
        }
        self.configuration = configuration
        self.policy = policy
        self.board = board
        self.actuation = actuation
        self.observer = observer
        self.workload = workload
        self.channel = channel
        self.log = log
        self.configJSON = configJSON
        levelDimension = level
        cpuDimension = cpu
        gpuDimension = gpu
        runtime = PolicyRuntime(policy: policy)
        observation = .allocate(capacity: builder.count)
        observation.initialize(repeating: 0, count: builder.count)
        action = .allocate(capacity: policy.actions.nvec.count)
        action.initialize(repeating: 0, count: policy.actions.nvec.count)
        latencyTargetMs = configuration.latencyTargetMs
        accuracyFloorPercent = configuration.accuracyFloorPercent
        // Training starts every episode at the largest level and the highest OPPs (RuntimeEnv.reset).
        current = policy.actions.nvec.map { $0 - 1 }
        lastStepNs = ControllerClock.monotonicNs()
        var notes = (actuation.absent + observer.absent).map { "absent: " + $0 }
        if let reason = workload?.countersUnavailable { notes.append("absent: " + reason + " (ipc and cache misses observed as 0)") }
        if workload == nil { notes.append("note: no workload: the application reports its frame latency (last_latency_ms is 0 until it does)") }
        self.notes = notes
    }

    deinit {
        _ = actuation.restore()
        observation.deallocate()
        action.deallocate()
        for stream in streams { stream.finish() }
    }

    /// One line for people: the policy, the board, the period, the workload.
    public var summary: String {
        var text = "policy \(configuration.policyPath) (\(policy.model.kind), trained for \(policy.platform.name), "
            + "\(policy.actions.libraryConfigs.count) levels) on \(board.model ?? board.kind.rawValue) under "
            + "\(configuration.sysfsRoot), period \(configuration.periodMs) ms"
        if configuration.dryRun { text += ", dry run (nothing is written)" }
        if let workload {
            text += "; running the network itself (\(workload.engine.architecture.width) supernet, \(workload.configs.count) sub-networks)"
        }
        return text
    }

    /// The observation the last decision read, in the policy's feature order (before its normalisation).
    public var lastObservation: [Float] { Array(UnsafeBufferPointer(start: observation, count: builder.count)) }

    // MARK: - Embedding API

    /// The decisions as an async sequence (finished when the loop ends). Call before `run`.
    public func decisions() -> AsyncStream<ControllerDecision> {
        let (stream, continuation) = AsyncStream.makeStream(of: ControllerDecision.self, bufferingPolicy: .bufferingNewest(64))
        streams.append(continuation)
        return stream
    }

    /// For applications that run the network themselves: the latency (and counters, when known) of their last frame,
    /// observed by the next decision.
    public func reportFrame(latencyMs: Double, instructionsPerCycle: Double? = nil, cacheMisses: Double? = nil) {
        lastLatencyMs = latencyMs
        if let instructionsPerCycle { lastInstructionsPerCycle = instructionsPerCycle }
        if let cacheMisses { lastCacheMisses = cacheMisses }
    }

    /// Changes the requirements the policy observes (e.g. a new frame-rate target).
    public func setRequirements(latencyTargetMs: Double, accuracyFloorPercent: Double) {
        self.latencyTargetMs = latencyTargetMs
        self.accuracyFloorPercent = accuracyFloorPercent
    }

    // MARK: - One period

    /// Reads the sensors and decides, without writing to the board: the decision latency `tandem bench controller`
    /// measures. Returns the action ([level, CPU OPP, GPU OPP] in the policy's dimension order).
    @discardableResult
    public func observeAndDecide() throws(ControllerError) -> UnsafeBufferPointer<Int> {
        let now = ControllerClock.monotonicNs()
        let intervalS = Double(now &- lastStepNs) / 1e9
        lastStepNs = now
        let sample = try observer.sample(intervalS: intervalS)
        let level = current[levelDimension]
        let top1 = policy.actions.libraryTop1Percent
        let measurements = ObservationMeasurements(
            latencyTargetMs: latencyTargetMs, accuracyFloorPercent: accuracyFloorPercent, lastLatencyMs: lastLatencyMs,
            lastEnergyJ: sample.energyJ, coRunnerCPUUtilization: sample.coRunnerCPUUtilization,
            coRunnerGPUUtilization: sample.gpuLoad, instructionsPerCycle: lastInstructionsPerCycle,
            cacheMisses: lastCacheMisses, level: level, cpuIndex: current[cpuDimension], gpuIndex: current[gpuDimension],
            temperatureC: sample.temperatureC, levelTop1Percent: level < top1.count ? Double(top1[level]) : 0)
        if let feature = measurements.firstNonFinite { throw .nonFiniteObservation(feature: feature) }
        builder.write(measurements, into: observation)
        let count = policy.actions.nvec.count
        do {
            try runtime.decide(observation: UnsafeBufferPointer(start: observation, count: builder.count),
                               into: UnsafeMutableBufferPointer(start: action, count: count))
        } catch {
            if case .nonFiniteObservation(_, let name, _) = error { throw .nonFiniteObservation(feature: name) }
            throw .policyUnusable(file: configuration.policyPath, reason: "\(error)")
        }
        return UnsafeBufferPointer(start: action, count: count)
    }

    /// One full period: observe, decide, set the clocks, publish, and (with a workload) run one frame.
    @discardableResult
    public func step() throws(ControllerError) -> ControllerDecision {
        let chosen = Array(try observeAndDecide())
        let level = chosen[levelDimension]
        let cpuKHz = actuation.cpu.isEmpty ? nil : policy.actions.cpuFrequenciesKHz[chosen[cpuDimension]]
        let gpuKHz = actuation.gpu == nil ? nil : policy.actions.gpuFrequenciesKHz[chosen[gpuDimension]]
        let writes: [String]
        do { writes = try actuation.apply(cpuKHz: cpuKHz, gpuKHz: gpuKHz) } catch { throw .writeFailed(error) }
        current = chosen
        sequence += 1
        let decision = ControllerDecision(
            sequence: sequence, timestampS: ControllerClock.realtimeS(), action: chosen, level: level,
            configJSON: configJSON[level], cpuKHz: cpuKHz, gpuKHz: gpuKHz, lastLatencyMs: lastLatencyMs,
            dryRun: configuration.dryRun)
        try channel.publish(decision)
        onDecision?(decision)
        for stream in streams { stream.yield(decision) }
        if let log {
            let written = writes.isEmpty ? "unchanged" : (configuration.dryRun ? "would-write " : "wrote ") + writes.joined(separator: " ")
            log.write(event: "decision", decision.jsonLine + " " + written, timestampS: decision.timestampS)
        }
        if let workload {
            let frame = try workload.runFrame(level: level)
            lastLatencyMs = frame.latencyMs
            lastInstructionsPerCycle = frame.instructionsPerCycle ?? 0
            lastCacheMisses = frame.cacheMisses ?? 0
        }
        return decision
    }

    // MARK: - The loop

    /// How `run` ended.
    public struct Outcome: Sendable {
        public var exitCode: ControllerExitCode
        /// One line for people: why it stopped and whether the board was restored.
        public var message: String
        public var decisions: Int
        /// The error that ended it, if any.
        public var error: ControllerError?
    }

    /// Runs periods until `pacer` says stop, `durationS` passes, or an error; then restores the board. Every exit
    /// path restores: the board's own governors are back when this returns (unless `exitCode == .restoreFailed`).
    public func run(pacer: some LoopPacer) -> Outcome {
        let periodNs = UInt64(max(configuration.periodMs, 0.001) * 1e6)
        let startNs = ControllerClock.monotonicNs()
        let endNs = configuration.durationS.map { startNs + UInt64(max(0, $0) * 1e9) }
        var deadline = startNs
        var overruns = 0
        var failure: ControllerError?
        log?.write(event: "start", "policy=\(configuration.policyPath) root=\(configuration.sysfsRoot) period_ms=\(configuration.periodMs) dry_run=\(configuration.dryRun)")
        loop: while true {
            // Waiting comes first, so a signal that arrived while `open` was loading stops the loop before any write.
            if !pacer.wait(untilNs: deadline) { break }
            if let endNs, ControllerClock.monotonicNs() >= endNs { break }
            do {
                try step()
            } catch {
                failure = error
                break loop
            }
            deadline += periodNs
            let now = ControllerClock.monotonicNs()
            if now > deadline {
                overruns += 1
                if configuration.maxConsecutiveOverruns > 0, overruns >= configuration.maxConsecutiveOverruns {
                    failure = .overrun(consecutive: overruns, periodMs: configuration.periodMs)
                    break loop
                }
                deadline = now  // start the next period now rather than bursting to catch up
            } else {
                overruns = 0
            }
            if let endNs, deadline > endNs { deadline = endNs }
        }
        for stream in streams { stream.finish() }
        streams = []
        let wroteAnything = actuation.hasWritten
        let restoreFailures = actuation.restore()
        var outcome = Outcome(exitCode: failure?.exitCode ?? .stopped, message: "", decisions: sequence, error: failure)
        let boardState: String
        if !restoreFailures.isEmpty {
            boardState = "board NOT fully restored: " + restoreFailures.joined(separator: "; ")
        } else if configuration.dryRun {
            boardState = "board untouched (dry run)"
        } else {
            boardState = wroteAnything ? "board restored to its own governors" : "board untouched (nothing was written)"
        }
        if let failure {
            let action = failure.requiresFallback ? "falling back to the board's governors" : "stopping"
            outcome.message = "\(failure); \(action); \(boardState)"
        } else {
            outcome.message = "stopped after \(sequence) decisions; \(boardState)"
        }
        if !restoreFailures.isEmpty { outcome.exitCode = .restoreFailed }
        log?.write(event: failure == nil ? "stop" : (failure?.requiresFallback == true ? "fallback" : "error"), outcome.message)
        return outcome
    }

    /// Writes back the board's original settings now (idempotent). Returns the domains that could not be restored.
    @discardableResult
    public func restore() -> [String] { actuation.restore() }

    // MARK: - Checks

    /// The sysfs root, refused when it is not a readable folder.
    static func checkedRoot(_ path: String) throws(ControllerError) -> SysfsRoot {
        guard let directory = opendir(path) else {
            throw .sysfsRootUnreadable(path: path, reason: "not a readable folder: \(String(cString: strerror(errno)))")
        }
        closedir(directory)
        return SysfsRoot(root: path)
    }

    /// Refuses a policy whose OPP tables or platform fingerprint differ from this board's. A board with no clock to
    /// set (a VM) is accepted: the controller then only decides and publishes, and says so in `notes`.
    static func check(_ policy: PolicyFile, file: String, against board: DiscoveredBoard, actuation: BoardActuation)
        throws(ControllerError)
    {
        if actuation.cpu.isEmpty && actuation.gpu == nil { return }
        if !actuation.cpu.isEmpty && actuation.cpuFrequenciesKHz == nil {
            throw .boardUnsupported("the cpufreq policies under \(board.root.root) list different frequency tables; one CPU OPP index cannot drive them all")
        }
        let description = board.matchingBuiltIn ?? board.hostDescription
        do {
            try policy.check(platformName: description.name == "host" ? "this board" : description.name,
                             fingerprint: PlatformFingerprint.of(description),
                             cpuFrequenciesKHz: actuation.cpuFrequenciesKHz ?? [],
                             gpuFrequenciesKHz: actuation.gpuFrequenciesKHz ?? [], file: file)
        } catch {
            throw .boardUnsupported("\(error)")
        }
    }

    /// OFA's JSON for a config, compact, keys in OFA's order.
    static func compactJSON(_ config: SubnetConfig) -> String {
        func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
        return "{\"ks\":\(list(config.ks)),\"e\":\(list(config.e)),\"d\":\(list(config.d)),\"r\":\(config.r)}"
    }
}
