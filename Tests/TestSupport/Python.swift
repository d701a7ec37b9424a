import Foundation

/// Runs Python 3 (found through `/usr/bin/env python3`) for the interoperability tests of several suites. A missing
/// h5py is a test failure with the fix in the message, never a skip.
public enum Python {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Output {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public static let setupHint = "run `pip install -r Experiments/requirements-test.txt` (or `make test`, which does it)"

    public static func run(_ script: String, _ arguments: [String] = []) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start python3 through /usr/bin/env: \(error); install Python 3, then \(setupHint)")
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Fails (throws) unless `import h5py, numpy` works.
    public static func requireH5py() throws {
        let check = try run("import h5py, numpy; print(h5py.__version__)")
        guard check.status == 0 else {
            throw Failure(description: "Python's h5py is not importable (\(check.stderr.split(separator: "\n").last ?? "")): \(setupHint)")
        }
    }
}
