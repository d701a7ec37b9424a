import Controller
import Foundation
import Glibc
import Testing
import TestSupport

@Suite struct DecisionChannelTests {
    static let decision = ControllerDecision(
        sequence: 7, timestampS: 1_764_000_000.25, action: [2, 14, 9], level: 2,
        configJSON: #"{"ks":[3,3],"e":[3,3],"d":[2,2,2,2,2],"r":128}"#, cpuKHz: 1_190_400, gpuKHz: 1_007_250,
        lastLatencyMs: 41.5, dryRun: false)

    @Test func jsonLineIsOneParsableObjectWithTheDocumentedKeys() throws {
        let line = Self.decision.jsonLine
        #expect(!line.contains("\n") && !line.contains(" "))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["action", "config", "cpu_khz", "dry_run", "gpu_khz", "last_latency_ms", "level", "seq", "timestamp"])
        #expect(object["level"] as? Int == 2 && object["seq"] as? Int == 7)
        #expect(object["cpu_khz"] as? Int == 1_190_400 && object["gpu_khz"] as? Int == 1_007_250)
        #expect(object["action"] as? [Int] == [2, 14, 9])
        #expect((object["config"] as? [String: Any])?["r"] as? Int == 128)
        #expect(object["timestamp"] as? Double == 1_764_000_000.25)
        #expect(object["dry_run"] as? Bool == false)
    }

    @Test func absentValuesAreNull() throws {
        var decision = Self.decision
        decision.cpuKHz = nil
        decision.configJSON = nil
        decision.lastLatencyMs = .nan
        let object = try #require(try JSONSerialization.jsonObject(with: Data(decision.jsonLine.utf8)) as? [String: Any])
        #expect(object["cpu_khz"] is NSNull && object["config"] is NSNull && object["last_latency_ms"] is NSNull)
    }

    @Test func stateFileIsReplacedAtomically() throws {
        let folder = try TemporaryDirectory("channel")
        let path = folder.file("decision.json").path
        let channel = try DecisionChannel(statePath: path, socketPath: nil)
        try channel.publish(Self.decision)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.decision.jsonLine + "\n")
        var next = Self.decision
        next.sequence = 8
        try channel.publish(next)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == next.jsonLine + "\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["decision.json"], "no temporary left")
    }

    @Test func anUnwritableFolderIsRefusedAtStart() {
        let error = #expect(throws: ControllerError.self) {
            try DecisionChannel(statePath: "/nonexistent-folder-for-tandem/decision.json", socketPath: nil)
        }
        #expect(error?.exitCode == .cannotCreateOutput)
        #expect(error?.description.contains("/nonexistent-folder-for-tandem") == true)
    }

    @Test func datagramsReachABoundSocketAndNoListenerIsNoError() throws {
        let folder = try TemporaryDirectory("socket")
        let path = folder.file("tandemd.sock").path
        let channel = try DecisionChannel(statePath: nil, socketPath: path)
        try channel.publish(Self.decision)  // nobody listens yet: dropped, no error

        let receiver = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(receiver >= 0)
        defer { close(receiver) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(receiver, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        try channel.publish(Self.decision)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(receiver, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        #expect(count > 0)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == Self.decision.jsonLine)
    }
}
