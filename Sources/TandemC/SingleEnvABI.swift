import Environment
import Foundation

// C ABI, part 2: one environment. Create from a scenario file (or its JSON text) and an options JSON (`EnvOptions`),
// reset, step, destroy. Errors: NULL / negative `TandemStatus` plus `tandem_last_error`.

/// A simulated `RuntimeEnv` for the scenario file at `scenarioPath`; NULL on error (see `tandem_last_error`).
/// `optionsJSON` may be null or empty for the defaults (a library is still required; see `EnvOptions`).
@c public func tandem_env_create(_ scenarioPath: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?)
    -> UnsafeMutableRawPointer?
{
    guard let factory = makeFactory(path: scenarioPath, json: nil, options: optionsJSON, caller: "env_create") else {
        return nil
    }
    return HandleRegistry.register(SingleEnv(env: factory.makeEnv(), defaultSeed: factory.options.seed))
}

/// As `tandem_env_create`, from the scenario's JSON text instead of a file.
@c public func tandem_env_create_json(_ scenarioJSON: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?)
    -> UnsafeMutableRawPointer?
{
    guard let factory = makeFactory(path: nil, json: scenarioJSON, options: optionsJSON, caller: "env_create_json")
    else { return nil }
    return HandleRegistry.register(SingleEnv(env: factory.makeEnv(), defaultSeed: factory.options.seed))
}

/// Closes and frees the environment; null or already destroyed handles are ignored.
@c public func tandem_env_destroy(_ handle: UnsafeMutableRawPointer?) {
    guard let object = HandleRegistry.remove(handle, as: SingleEnv.self) else { return }
    try? object.env.close()
}

/// Starts an episode. `hasSeed` ≠ 0 seeds the environment's generator with `seed`; 0 continues it (the first reset
/// of a never-seeded environment uses the options' seed). Writes `observationCount` floats to `observation` and,
/// when `info` is non-null, `infoCount` (= `tandem_info_count()`) doubles to `info`.
@c public func tandem_env_reset(_ handle: UnsafeMutableRawPointer?, _ hasSeed: Int32, _ seed: UInt64,
                                _ observation: UnsafeMutablePointer<Float>?, _ observationCount: Int64,
                                _ info: UnsafeMutablePointer<Double>?, _ infoCount: Int64) -> Int32 {
    guard let single = HandleRegistry.lookup(handle, as: SingleEnv.self) else { return invalidHandle(handle) }
    if let problem = checkBuffers(single.env.observationCount, rows: 1, observation, observationCount, info, infoCount,
                                  caller: "env_reset") {
        return problem
    }
    guard let observation else { return LastError.fail(.invalidArgument, "env_reset: null observation buffer") }
    do {
        let frame = try single.reset(seed: hasSeed != 0 ? seed : nil,
                                     observation: UnsafeMutableBufferPointer(start: observation,
                                                                            count: single.env.observationCount))
        if let info { InfoLayout.write(frame, into: info) }
        return TandemStatus.ok.rawValue
    } catch {
        return LastError.fail(.environmentFailure, "env_reset: \(error)")
    }
}

/// One step with `action` (`actionCount` = action dims, each component in `0..<nvec[k]`). Writes the observation,
/// the reward, the two flags (0/1) and, when `info` is non-null, the info row. Refuses (no state change) a bad
/// action, a step before the first reset and a step after the episode ended.
@c public func tandem_env_step(_ handle: UnsafeMutableRawPointer?, _ action: UnsafePointer<Int32>?, _ actionCount: Int64,
                               _ observation: UnsafeMutablePointer<Float>?, _ observationCount: Int64,
                               _ reward: UnsafeMutablePointer<Double>?, _ terminated: UnsafeMutablePointer<UInt8>?,
                               _ truncated: UnsafeMutablePointer<UInt8>?,
                               _ info: UnsafeMutablePointer<Double>?, _ infoCount: Int64) -> Int32 {
    guard let single = HandleRegistry.lookup(handle, as: SingleEnv.self) else { return invalidHandle(handle) }
    let env = single.env
    if let problem = checkBuffers(env.observationCount, rows: 1, observation, observationCount, info, infoCount,
                                  caller: "env_step") {
        return problem
    }
    guard let action, let observation, let reward, let terminated, let truncated else {
        return LastError.fail(.invalidArgument, "env_step: null action, observation, reward or flag buffer")
    }
    guard actionCount == Int64(env.actionSpace.count) else {
        return LastError.fail(.invalidArgument, "env_step: action has \(actionCount) components, expected "
                              + "\(env.actionSpace.count)")
    }
    if let problem = ActionCheck.problem(action, rows: 1, nvec: env.actionSpace.nvec) {
        return LastError.fail(.actionOutOfRange, "env_step: \(problem)")
    }
    do {
        let outcome = try single.step(action, observation: UnsafeMutableBufferPointer(start: observation,
                                                                                      count: env.observationCount))
        reward.pointee = outcome.reward
        terminated.pointee = outcome.terminated ? 1 : 0
        truncated.pointee = outcome.truncated ? 1 : 0
        if let info { InfoLayout.write(outcome.info, into: info) }
        return TandemStatus.ok.rawValue
    } catch {
        return refusal(error, caller: "env_step")
    }
}

// MARK: - Helpers shared with the batch shims

func makeFactory(path: UnsafePointer<CChar>?, json: UnsafePointer<CChar>?, options: UnsafePointer<CChar>?,
                 caller: String) -> EnvFactory? {
    let optionsText: String
    if let options {
        guard let decoded = String(validatingCString: options) else {
            LastError.record("\(caller): the options are not UTF-8 text")
            return nil
        }
        optionsText = decoded
    } else {
        optionsText = ""
    }
    let data: Data
    let source: String
    if let path {
        guard let file = text(path) else {
            LastError.record("\(caller): the scenario path is not UTF-8 text")
            return nil
        }
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            LastError.record("\(caller): scenario \(file): cannot read: \(error.localizedDescription)")
            return nil
        }
        source = file
    } else if let json {
        guard let decoded = text(json) else {
            LastError.record("\(caller): the scenario JSON is not UTF-8 text")
            return nil
        }
        data = Data(decoded.utf8)
        source = "(scenario JSON text)"
    } else {
        LastError.record("\(caller): null scenario")
        return nil
    }
    do {
        return try EnvFactory(scenarioData: data, scenarioSource: source, optionsJSON: optionsText)
    } catch {
        LastError.record("\(caller): \(error)")
        return nil
    }
}

/// Checks the observation and info buffers for `rows` copies; returns a status when they do not fit.
func checkBuffers(_ width: Int, rows: Int, _ observation: UnsafeMutablePointer<Float>?, _ observationCount: Int64,
                  _ info: UnsafeMutablePointer<Double>?, _ infoCount: Int64, caller: String) -> Int32? {
    guard observation != nil else { return LastError.fail(.invalidArgument, "\(caller): null observation buffer") }
    guard observationCount == Int64(width * rows) else {
        return LastError.fail(.invalidArgument, "\(caller): observation buffer holds \(observationCount) floats, "
                              + "expected \(width * rows)")
    }
    if info != nil && infoCount != Int64(InfoLayout.count * rows) {
        return LastError.fail(.invalidArgument, "\(caller): info buffer holds \(infoCount) doubles, expected "
                              + "\(InfoLayout.count * rows)")
    }
    return nil
}

func refusal(_ error: StepRefusal, caller: String) -> Int32 {
    switch error {
    case .resetNeeded: return LastError.fail(.resetNeeded, "\(caller): step before the first reset")
    case .episodeEnded:
        return LastError.fail(.episodeEnded, "\(caller): the episode ended (terminated or truncated); reset first")
    case .failed(let message): return LastError.fail(.environmentFailure, "\(caller): \(message)")
    }
}
