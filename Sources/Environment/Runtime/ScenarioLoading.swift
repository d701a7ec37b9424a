import Foundation
import Platform

extension Scenario {
    /// Platforms a scenario may name: the Platform module's catalog.
    public static var knownPlatforms: Set<String> { Set(PlatformCatalog.names) }

    /// Reads and validates a scenario file against the platform catalog.
    public static func load(from url: URL) throws(ScenarioError) -> Scenario {
        try load(from: url, knownPlatforms: knownPlatforms)
    }

    /// Every `*.json` scenario under `folder` (recursively), sorted by path; the first bad file throws.
    public static func loadAll(in folder: URL) throws -> [Scenario] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw ScenarioError(path: folder.path, problem: .unreadable("not a folder"))
        }
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
        return try files.map { url throws(ScenarioError) in try load(from: url) }
    }
}
