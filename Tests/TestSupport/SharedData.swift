import Foundation

/// Locates the project's shared reference folder (`../shared` beside the repository, or `$TANDEM_SHARED`).
/// Tests that read it fail loudly when it is missing: they never skip silently.
public enum SharedData {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "shared data not found at \(path): set TANDEM_SHARED to the shared folder (with data/ and reference/)"
        }
    }

    /// The repository root, found from this file's compile-time path (Tests/TestSupport/SharedData.swift).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["TANDEM_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// `relative` under the shared folder (e.g. `data/dynamic-ofa/library.json`); throws `Missing` if absent.
    public static func url(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    public static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: url(relative))
    }
}

/// A fresh temporary directory, removed when the value is deinitialised.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "tandem-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The built `tandem`/`tandemd` executables, for end-to-end tests that run them as real processes.
public enum Executables {
    /// `$TANDEM_BIN` (set by `make test`) or the folder that holds the test bundle.
    public static var binDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["TANDEM_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // macOS: the bundle is `.build/debug/X.xctest`; Linux: bundleURL is already the folder holding the runner.
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `name` (e.g. "tandem") with `arguments` and waits; standard input is empty.
    public static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent(name)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a chatty child cannot block on a full pipe.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
