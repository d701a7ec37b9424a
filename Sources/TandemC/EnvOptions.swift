import Environment
import Foundation

/// The options JSON of `tandem_env_create` / `tandem_vec_create` (every key optional, unknown keys rejected):
///
/// ```json
/// {"seed": 7,
///  "reward": {"energyScaleMJ": 100, "missPenalty": 1, "missPenaltyPerExcess": 1, "accuracyPenalty": 1,
///             "accuracyPenaltyPerPoint": 0.2, "switchPenalty": 0},
///  "library": "library.h5"}
/// ```
///
/// - `seed`: the native seed of the first reset when that reset passes none (default 0).
/// - `reward`: `RewardConfig` fields by their Swift names; missing fields keep the standard values.
/// - the sub-network library, one of: `library` (a `library.h5` written by `tandem search`), or
///   `published_library` (Dynamic-OFA's `library.json`) together with `latency_tables` (a folder holding one folder of
///   Dynamic-OFA `NNN.json` latency tables per device, `cpu/` and `gpu/`).
///
/// The platform and the device are the scenario's.
struct EnvOptions: Equatable {
    var seed: UInt64 = 0
    var reward = RewardConfig.standard
    var library: LibrarySource?

    enum LibrarySource: Equatable {
        case file(String)
        case published(json: String, latencyTables: String)
    }

    static let keys: Set<String> = ["seed", "reward", "library", "published_library", "latency_tables"]
    static let rewardKeys = ["accuracyPenalty", "accuracyPenaltyPerPoint", "energyScaleMJ", "missPenalty",
                             "missPenaltyPerExcess", "switchPenalty"]

    /// The `RewardConfig` field a `reward` key sets.
    static func rewardField(_ key: String) -> WritableKeyPath<RewardConfig, Double>? {
        switch key {
        case "energyScaleMJ": return \.energyScaleMJ
        case "missPenalty": return \.missPenalty
        case "missPenaltyPerExcess": return \.missPenaltyPerExcess
        case "accuracyPenalty": return \.accuracyPenalty
        case "accuracyPenaltyPerPoint": return \.accuracyPenaltyPerPoint
        case "switchPenalty": return \.switchPenalty
        default: return nil
        }
    }

    /// Parses the options text (empty text means all defaults).
    init(json text: String) throws(OptionsError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(trimmed.utf8)) } catch {
            throw OptionsError("not valid JSON: \(error.localizedDescription)")
        }
        guard let object = parsed as? [String: Any] else { throw OptionsError("must be a JSON object") }
        if let unknown = object.keys.filter({ !Self.keys.contains($0) }).sorted().first {
            throw OptionsError("unknown key '\(unknown)' (known: \(Self.keys.sorted().joined(separator: ", ")))")
        }
        let raw: RawOptions
        do { raw = try JSONDecoder().decode(RawOptions.self, from: Data(trimmed.utf8)) } catch let error as DecodingError {
            throw OptionsError(Self.describe(error))
        } catch {
            throw OptionsError(String(describing: error))
        }
        if let seed = raw.seed { self.seed = seed }
        for (key, value) in (raw.reward ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let path = Self.rewardField(key) else {
                throw OptionsError("unknown key 'reward.\(key)' (known: " + Self.rewardKeys.joined(separator: ", ") + ")")
            }
            guard value.isFinite else { throw OptionsError("'reward.\(key)' must be a finite number") }
            reward[keyPath: path] = value
        }
        if !(reward.energyScaleMJ > 0) { throw OptionsError("'reward.energyScaleMJ' must be positive") }
        let file = try Self.path(raw.library, "library")
        let published = try Self.path(raw.publishedLibrary, "published_library")
        let tables = try Self.path(raw.latencyTables, "latency_tables")
        switch (file, published, tables) {
        case (nil, nil, nil): library = nil
        case (let file?, nil, nil): library = .file(file)
        case (nil, let json?, let tables?): library = .published(json: json, latencyTables: tables)
        case (nil, _?, nil), (nil, nil, _?):
            throw OptionsError("'published_library' and 'latency_tables' go together")
        default: throw OptionsError("give either 'library' or 'published_library' + 'latency_tables', not both")
        }
    }

    private static func path(_ value: String?, _ key: String) throws(OptionsError) -> String? {
        guard let value else { return nil }
        guard !value.isEmpty else { throw OptionsError("'\(key)' must be a non-empty path") }
        return value
    }

    /// The typed form of the JSON (JSONDecoder tells numbers from booleans and integers from fractions).
    private struct RawOptions: Decodable {
        var seed: UInt64?
        var reward: [String: Double]?
        var library: String?
        var publishedLibrary: String?
        var latencyTables: String?

        enum CodingKeys: String, CodingKey {
            case seed, reward, library
            case publishedLibrary = "published_library", latencyTables = "latency_tables"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func field(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let expected = type == UInt64.self ? "an integer ≥ 0" : type == Double.self ? "a number"
                : type == String.self ? "a string" : "\(type)"
            return "'\(field(context))' must be \(expected)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON: \(context.debugDescription)"
                : "'\(field(context))': \(context.debugDescription)"
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        @unknown default: return String(describing: error)
        }
    }
}

/// An options JSON that cannot be used.
struct OptionsError: Error, CustomStringConvertible {
    let problem: String
    init(_ problem: String) { self.problem = problem }
    var description: String { "options: \(problem)" }
}
