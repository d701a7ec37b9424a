import Foundation

/// Finds files that ship with the repository (`Policies/`, `Experiments/scenarios/`) for commands run from the
/// repository root (`make demo`) or from anywhere else with the built binary in the repository's `.build/<config>/`.
enum ProjectFiles {
    struct Missing: Error, CustomStringConvertible {
        let relativePath: String
        let tried: [String]
        var description: String {
            "\(relativePath): not found (looked in \(tried.joined(separator: ", "))); run from the repository root "
                + "or pass the path explicitly"
        }
    }

    /// Folders a repository-relative path is resolved against, first match wins: the current folder, then the
    /// repository that holds the executable (`<repo>/.build/<triple>/<config>/tandem` or `<repo>/.build/<config>/tandem`).
    static var searchRoots: [URL] {
        var roots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var folder = executable.deletingLastPathComponent()
            for _ in 0..<4 {
                if folder.lastPathComponent == ".build" {
                    roots.append(folder.deletingLastPathComponent())
                    break
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return roots
    }

    /// `path` as given when it is absolute or exists relative to the current folder; otherwise the first search
    /// root that has it.
    static func locate(_ path: String) throws -> URL {
        if path.hasPrefix("/") {
            guard FileManager.default.fileExists(atPath: path) else { throw Missing(relativePath: path, tried: [path]) }
            return URL(fileURLWithPath: path)
        }
        let candidates = searchRoots.map { $0.appendingPathComponent(path) }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) { return found }
        throw Missing(relativePath: path, tried: candidates.map(\.path))
    }
}
