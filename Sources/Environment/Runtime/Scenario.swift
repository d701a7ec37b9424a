import Foundation
import Platform

/// What the application asks for and what else runs on the board, over time (schema in ARCHITECTURE.md):
///
/// ```json
/// {"name": "paper-gpu-training-corunner", "platform": "xavier-nx", "device": "gpu", "split": "eval",
///  "duration_s": 10, "frame_period_ms": 50,
///  "latency_target_ms": [{"t": 0, "value": 50}],
///  "accuracy_floor": 74.0,
///  "co_runners": [{"start_s": 2.5, "end_s": 10, "device": "gpu", "utilization": 0.6}],
///  "latency_noise": 0.02, "ambient_c": 25}
/// ```
///
/// `latency_target_ms` is a step function (each entry holds from its `t` until the next); `accuracy_floor` is top-1
/// in percent; `split` is `train` or `eval` (held-out); `latency_noise` (relative standard deviation of frame
/// latency, default 0.02) and `ambient_c` (default 25 °C) are optional.
public struct Scenario: Codable, Equatable, Sendable {
    public var name: String
    public var platform: String
    public var device: Device
    public var split: Split
    public var durationS: Double
    public var framePeriodMs: Double
    public var latencyTargetMs: [TargetStep]
    public var accuracyFloor: Double
    public var coRunners: [CoRunner]
    public var latencyNoise: Double
    public var ambientC: Double
    /// A one-line description for tables and logs.
    public var summary: String

    public enum Device: String, Codable, Sendable { case cpu, gpu }
    public enum Split: String, Codable, Sendable { case train, eval }

    public struct TargetStep: Codable, Equatable, Sendable {
        public var t: Double
        public var value: Double
        public init(t: Double, value: Double) { self.t = t; self.value = value }
    }

    /// Another program loading the board from `startS` to `endS`: it keeps `utilization` (0…1) of `device` busy.
    public struct CoRunner: Codable, Equatable, Sendable {
        public var startS: Double
        public var endS: Double
        public var device: Device
        public var utilization: Double

        public init(startS: Double, endS: Double, device: Device, utilization: Double) {
            self.startS = startS
            self.endS = endS
            self.device = device
            self.utilization = utilization
        }

        enum CodingKeys: String, CodingKey {
            case startS = "start_s", endS = "end_s", device, utilization
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, platform, device, split, summary
        case durationS = "duration_s", framePeriodMs = "frame_period_ms", latencyTargetMs = "latency_target_ms"
        case accuracyFloor = "accuracy_floor", coRunners = "co_runners", latencyNoise = "latency_noise"
        case ambientC = "ambient_c"
    }

    public init(name: String, platform: String, device: Device, split: Split = .train, durationS: Double,
                framePeriodMs: Double, latencyTargetMs: [TargetStep], accuracyFloor: Double, coRunners: [CoRunner],
                latencyNoise: Double = 0.02, ambientC: Double = 25, summary: String = "") {
        self.name = name
        self.platform = platform
        self.device = device
        self.split = split
        self.durationS = durationS
        self.framePeriodMs = framePeriodMs
        self.latencyTargetMs = latencyTargetMs
        self.accuracyFloor = accuracyFloor
        self.coRunners = coRunners
        self.latencyNoise = latencyNoise
        self.ambientC = ambientC
        self.summary = summary
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        platform = try c.decode(String.self, forKey: .platform)
        device = try c.decode(Device.self, forKey: .device)
        split = try c.decodeIfPresent(Split.self, forKey: .split) ?? .train
        durationS = try c.decode(Double.self, forKey: .durationS)
        framePeriodMs = try c.decode(Double.self, forKey: .framePeriodMs)
        latencyTargetMs = try c.decode([TargetStep].self, forKey: .latencyTargetMs)
        accuracyFloor = try c.decode(Double.self, forKey: .accuracyFloor)
        coRunners = try c.decode([CoRunner].self, forKey: .coRunners)
        latencyNoise = try c.decodeIfPresent(Double.self, forKey: .latencyNoise) ?? 0.02
        ambientC = try c.decodeIfPresent(Double.self, forKey: .ambientC) ?? 25
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
    }

    /// Frames in one episode: the duration divided by the frame period (at least one).
    public var frameCount: Int { max(1, Int((durationS * 1000 / framePeriodMs).rounded(.down))) }

    /// The latency target in force at `timeS`.
    public func latencyTarget(atS timeS: Double) -> Double {
        var value = latencyTargetMs.first?.value ?? 0
        for step in latencyTargetMs where step.t <= timeS { value = step.value }
        return value
    }

    /// Summed co-runner utilisation per device at `timeS` (each clamped to 0…1), as Platform's `CoRunnerLoad`.
    public func coRunnerLoad(atS timeS: Double) -> CoRunnerLoad {
        var cpu = 0.0
        var gpu = 0.0
        for runner in coRunners where runner.startS <= timeS && timeS < runner.endS {
            switch runner.device {
            case .cpu: cpu += runner.utilization
            case .gpu: gpu += runner.utilization
            }
        }
        return CoRunnerLoad(cpuUtilization: min(1, cpu), gpuUtilization: min(1, gpu))
    }

    /// Checks every field; the error names the problem (the loader adds the file).
    public func validate(knownPlatforms: Set<String>) throws(ScenarioError.Problem) {
        if name.isEmpty { throw .invalid(field: "name", reason: "must not be empty") }
        if !knownPlatforms.contains(platform) {
            throw .invalid(field: "platform", reason: "unknown platform '\(platform)' (known: "
                           + knownPlatforms.sorted().joined(separator: ", ") + ")")
        }
        if !(durationS.isFinite && durationS > 0) {
            throw .invalid(field: "duration_s", reason: "must be a positive number of seconds, got \(durationS)")
        }
        if !(framePeriodMs.isFinite && framePeriodMs > 0) {
            throw .invalid(field: "frame_period_ms", reason: "must be positive, got \(framePeriodMs)")
        }
        if framePeriodMs > durationS * 1000 {
            throw .invalid(field: "frame_period_ms", reason: "longer than the whole duration")
        }
        if latencyTargetMs.isEmpty { throw .invalid(field: "latency_target_ms", reason: "needs at least one step") }
        var previous = -Double.infinity
        for (i, step) in latencyTargetMs.enumerated() {
            if !(step.t.isFinite && step.t >= 0) || step.t <= previous {
                throw .invalid(field: "latency_target_ms[\(i)].t", reason: "times must be ≥ 0 and increasing")
            }
            if !(step.value.isFinite && step.value > 0) {
                throw .invalid(field: "latency_target_ms[\(i)].value", reason: "must be a positive latency in ms")
            }
            previous = step.t
        }
        if latencyTargetMs[0].t != 0 { throw .invalid(field: "latency_target_ms[0].t", reason: "must be 0") }
        if !(accuracyFloor.isFinite && accuracyFloor >= 0 && accuracyFloor <= 100) {
            throw .invalid(field: "accuracy_floor", reason: "must be a top-1 percentage in 0…100, got \(accuracyFloor)")
        }
        for (i, runner) in coRunners.enumerated() {
            if !(runner.startS.isFinite && runner.startS >= 0) {
                throw .invalid(field: "co_runners[\(i)].start_s", reason: "must be ≥ 0")
            }
            if !(runner.endS.isFinite && runner.endS > runner.startS) {
                throw .invalid(field: "co_runners[\(i)].end_s", reason: "must be after start_s")
            }
            if !(runner.utilization.isFinite && runner.utilization >= 0 && runner.utilization <= 1) {
                throw .invalid(field: "co_runners[\(i)].utilization", reason: "must be in 0…1")
            }
        }
        if !(latencyNoise.isFinite && latencyNoise >= 0 && latencyNoise < 0.5) {
            throw .invalid(field: "latency_noise", reason: "must be in [0, 0.5)")
        }
        if !(ambientC.isFinite && ambientC > -40 && ambientC < 85) {
            throw .invalid(field: "ambient_c", reason: "must be a plausible ambient temperature in °C")
        }
    }

    /// Reads and validates a scenario file.
    public static func load(from url: URL, knownPlatforms: Set<String>) throws(ScenarioError) -> Scenario {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ScenarioError(path: url.path, problem: .unreadable(error.localizedDescription))
        }
        return try decode(data, path: url.path, knownPlatforms: knownPlatforms)
    }

    /// Decodes and validates scenario JSON; `path` names the source in errors.
    public static func decode(_ data: Data, path: String, knownPlatforms: Set<String>) throws(ScenarioError)
        -> Scenario
    {
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch let error as DecodingError {
            throw ScenarioError(path: path, problem: .init(error))
        } catch {
            throw ScenarioError(path: path, problem: .malformed(String(describing: error)))
        }
        do { try scenario.validate(knownPlatforms: knownPlatforms) } catch {
            throw ScenarioError(path: path, problem: error)
        }
        return scenario
    }
}

/// A scenario file that cannot be used, naming the file and the problem.
public struct ScenarioError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: Problem

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case malformed(String)
        case missingField(String)
        case wrongType(field: String, expected: String)
        case invalid(field: String, reason: String)

        init(_ error: DecodingError) {
            func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
                let keys = context.codingPath + (last.map { [$0] } ?? [])
                let text = keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
                return text.hasPrefix(".") ? String(text.dropFirst()) : text
            }
            switch error {
            case .keyNotFound(let key, let context): self = .missingField(path(context, key))
            case .typeMismatch(let type, let context): self = .wrongType(field: path(context), expected: "\(type)")
            case .valueNotFound(let type, let context): self = .wrongType(field: path(context), expected: "\(type)")
            case .dataCorrupted(let context):
                self = context.codingPath.isEmpty
                    ? .malformed(context.debugDescription)
                    : .invalid(field: path(context), reason: context.debugDescription)
            @unknown default: self = .malformed(String(describing: error))
            }
        }

        public var description: String {
            switch self {
            case .unreadable(let reason): return "cannot read: \(reason)"
            case .malformed(let reason): return "not valid scenario JSON: \(reason)"
            case .missingField(let field): return "missing field '\(field)'"
            case .wrongType(let field, let expected): return "field '\(field)' should be \(expected)"
            case .invalid(let field, let reason): return "field '\(field)': \(reason)"
            }
        }
    }

    public var description: String { "scenario \(path): \(problem)" }
}
