import Environment
// C ABI, part 3: a batch of N copies stepped in one call (NEXT_STEP autoreset, see `BatchEnv`), writing straight
// into the caller's [N, …] buffers. Space queries: the `tandem_env_*` queries accept batch handles too.

/// `numEnvs` copies of the simulated environment for the scenario file; NULL on error.
@c public func tandem_vec_create(_ scenarioPath: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?,
                                 _ numEnvs: Int32) -> UnsafeMutableRawPointer? {
    makeBatch(path: scenarioPath, json: nil, options: optionsJSON, numEnvs: numEnvs, caller: "vec_create")
}

/// As `tandem_vec_create`, from the scenario's JSON text.
@c public func tandem_vec_create_json(_ scenarioJSON: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?,
                                      _ numEnvs: Int32) -> UnsafeMutableRawPointer? {
    makeBatch(path: nil, json: scenarioJSON, options: optionsJSON, numEnvs: numEnvs, caller: "vec_create_json")
}

/// Closes and frees the batch; null or already destroyed handles are ignored.
@c public func tandem_vec_destroy(_ handle: UnsafeMutableRawPointer?) {
    guard let object = HandleRegistry.remove(handle, as: BatchEnv.self) else { return }
    for env in object.envs { try? env.close() }
}

/// Number of copies, or a negative `TandemStatus`.
@c public func tandem_vec_num_envs(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let batch = HandleRegistry.lookup(handle, as: BatchEnv.self) else { return invalidHandle(handle) }
    return Int32(batch.count)
}

/// Resets every copy. `seeds` non-null (`seedCount` = N) seeds copy i with `seeds[i]`; null continues each copy's
/// generator (the very first reset then uses the options' seed + i). Writes [N, obs_dim] floats and, when `infos`
/// is non-null, [N, info_count] doubles.
@c public func tandem_vec_reset(_ handle: UnsafeMutableRawPointer?, _ seeds: UnsafePointer<UInt64>?, _ seedCount: Int64,
                                _ observations: UnsafeMutablePointer<Float>?, _ observationCount: Int64,
                                _ infos: UnsafeMutablePointer<Double>?, _ infoCount: Int64) -> Int32 {
    guard let batch = HandleRegistry.lookup(handle, as: BatchEnv.self) else { return invalidHandle(handle) }
    if let problem = checkBuffers(batch.observationCount, rows: batch.count, observations, observationCount, infos,
                                  infoCount, caller: "vec_reset") {
        return problem
    }
    guard let observations else { return LastError.fail(.invalidArgument, "vec_reset: null observation buffer") }
    if seeds != nil && seedCount != Int64(batch.count) {
        return LastError.fail(.invalidArgument, "vec_reset: \(seedCount) seeds for \(batch.count) copies")
    }
    do {
        try batch.reset(seeds: seeds, observations: observations, infos: infos)
        return TandemStatus.ok.rawValue
    } catch {
        return LastError.fail(.environmentFailure, "vec_reset: \(error)")
    }
}

/// Steps every copy: `actions` is [N, action_dims] int32 (`actionCount` = N · action_dims, every component in
/// range, also for copies about to autoreset), outputs [N, obs_dim] floats, [N] rewards, [N] terminated and
/// truncated flags (0/1) and, when `infos` is non-null, [N, info_count] doubles. A bad action refuses the whole
/// step (no copy moves).
@c public func tandem_vec_step(_ handle: UnsafeMutableRawPointer?, _ actions: UnsafePointer<Int32>?, _ actionCount: Int64,
                               _ observations: UnsafeMutablePointer<Float>?, _ observationCount: Int64,
                               _ rewards: UnsafeMutablePointer<Double>?, _ terminations: UnsafeMutablePointer<UInt8>?,
                               _ truncations: UnsafeMutablePointer<UInt8>?,
                               _ infos: UnsafeMutablePointer<Double>?, _ infoCount: Int64) -> Int32 {
    guard let batch = HandleRegistry.lookup(handle, as: BatchEnv.self) else { return invalidHandle(handle) }
    if let problem = checkBuffers(batch.observationCount, rows: batch.count, observations, observationCount, infos,
                                  infoCount, caller: "vec_step") {
        return problem
    }
    guard let actions, let observations, let rewards, let terminations, let truncations else {
        return LastError.fail(.invalidArgument, "vec_step: null actions, observation, reward or flag buffer")
    }
    guard actionCount == Int64(batch.count * batch.actionCount) else {
        return LastError.fail(.invalidArgument, "vec_step: \(actionCount) action components, expected "
                              + "\(batch.count) × \(batch.actionCount)")
    }
    if let problem = ActionCheck.problem(actions, rows: batch.count, nvec: batch.envs[0].actionSpace.nvec) {
        return LastError.fail(.actionOutOfRange, "vec_step: \(problem)")
    }
    do {
        try batch.step(actions, observations: observations, rewards: rewards, terminations: terminations,
                       truncations: truncations, infos: infos)
        return TandemStatus.ok.rawValue
    } catch {
        return refusal(error, caller: "vec_step")
    }
}

/// Upper bound on copies per batch (keeps a typo from allocating millions of environments).
let maximumBatchCopies: Int32 = 65_536

func makeBatch(path: UnsafePointer<CChar>?, json: UnsafePointer<CChar>?, options: UnsafePointer<CChar>?,
               numEnvs: Int32, caller: String) -> UnsafeMutableRawPointer? {
    guard numEnvs > 0 && numEnvs <= maximumBatchCopies else {
        LastError.record("\(caller): num_envs must be in 1…\(maximumBatchCopies), got \(numEnvs)")
        return nil
    }
    guard let factory = makeFactory(path: path, json: json, options: options, caller: caller) else { return nil }
    // The copies share the first one's frame tables (read-only), so a batch of 256 stays in cache.
    let first = factory.makeEnv()
    let envs = [first] + (1..<max(1, Int(numEnvs))).map { _ in first.copySharingTables() ?? factory.makeEnv() }
    return HandleRegistry.register(BatchEnv(envs: envs, defaultSeed: factory.options.seed))
}

/// Benchmark baseline: resets the batch with seeds `seed + i`, then runs `steps` batched steps with uniformly random
/// actions drawn in Swift, and writes the elapsed seconds of the stepping to `seconds`. Leaves the batch mid-episode.
@c public func tandem_vec_run_random(_ handle: UnsafeMutableRawPointer?, _ steps: Int64, _ seed: UInt64,
                                     _ seconds: UnsafeMutablePointer<Double>?) -> Int32 {
    guard let batch = HandleRegistry.lookup(handle, as: BatchEnv.self) else { return invalidHandle(handle) }
    guard let seconds else { return LastError.fail(.invalidArgument, "vec_run_random: null seconds") }
    guard steps >= 0 && steps <= Int64(Int32.max) else {
        return LastError.fail(.invalidArgument, "vec_run_random: steps must be in 0…\(Int32.max), got \(steps)")
    }
    do {
        seconds.pointee = try batch.runRandom(steps: Int(steps), seed: seed)
        return TandemStatus.ok.rawValue
    } catch {
        return LastError.fail(.environmentFailure, "vec_run_random: \(error)")
    }
}
