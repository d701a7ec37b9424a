import Dispatch
import Foundation
import HDF5
import Testing
import TestSupport

/// libhdf5 (Debian's build is not thread-safe) used from many tasks and threads at once: every operation is
/// serialised by the module's lock, so all data comes back exactly as written and nothing crashes.
@Suite struct ConcurrencyTests {
    static func payload(_ worker: Int, _ step: Int) -> [Float] {
        (0 ..< 257).map { Float(worker * 1000 + step) + Float($0) / 256 }
    }

    @Test func manyTasksWriteAndReadTheirOwnFiles() async throws {
        let folder = try TemporaryDirectory("hdf5-concurrency")
        let workers = 8
        let steps = 20
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for worker in 0 ..< workers {
                let path = folder.file("w\(worker).h5").path
                group.addTask {
                    try HDF5File.writeAtomically(to: path) { root in
                        for step in 0 ..< steps {
                            try root.write("s/\(step)", Self.payload(worker, step), shape: [257])
                                .setAttribute("step", step)
                        }
                    }
                    let file = try HDF5File.open(path)
                    for step in 0 ..< steps {
                        let data = try file.root.group("s").dataset("\(step)")
                        guard try data.read(as: Float.self).values == Self.payload(worker, step),
                              try data.intAttribute("step") == step else { return false }
                    }
                    return try file.root.group("s").children().count == steps
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: workers))
    }

    @Test func manyThreadsShareOneFile() throws {
        let folder = try TemporaryDirectory("hdf5-concurrency")
        let file = try HDF5File.create(folder.file("shared.h5").path)
        let threads = 8
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            do {
                for step in 0 ..< 10 {
                    let name = "t\(worker)/\(step)"
                    try file.root.write(name, Self.payload(worker, step), shape: [257])
                    try file.root.setAttribute("last-\(worker)", step)
                    if try file.root.readFloats(name) != Self.payload(worker, step) { failures.add("\(name) differs") }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try file.root.children() == (0 ..< threads).map { "t\($0)" })
        for worker in 0 ..< threads { #expect(try file.root.intAttribute("last-\(worker)") == 9) }
    }

    /// Collects failure messages from several threads.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
    }
}
