import Foundation
import Policy
import TestSupport
import Testing

/// `tandem train` end to end, as a process: a run killed after a checkpoint and resumed ends with the policy the
/// uninterrupted run wrote. Needs the shared Dynamic-OFA data (for a small library) and the built `tandem`.
@Suite("tandem train", .serialized)
struct TrainCommandTests {
    static func library(in folder: TemporaryDirectory) throws -> String {
        let path = folder.file("library.h5").path
        let result = try Executables.run("tandem", [
            "search", "--profile", try SharedData.url("data/dynamic-ofa/latency-tables").path,
            "--accuracy", try SharedData.url("data/dynamic-ofa/accuracy-predictor.json").path,
            "--levels", "4", "--generations", "8", "--population", "24", "--out", path])
        try #require(result.status == 0, "tandem search failed: \(result.stderr)")
        return path
    }

    static var scenario: String {
        SharedData.repositoryRoot.appendingPathComponent("Experiments/scenarios/train/paper-gpu-corunner.json").path
    }

    static func arguments(library: String, out: String, extra: [String] = []) -> [String] {
        ["train", "--platform", "xavier-nx", "--scenario", scenario, "--library", library, "--agent", "dqn",
         "--steps", "3000", "--seed", "3", "--checkpoint-every", "400", "--out", out] + extra
    }

    @Test("a run killed after a checkpoint resumes from it and writes the uninterrupted run's policy")
    func killAndResume() throws {
        let folder = try TemporaryDirectory()
        let library = try Self.library(in: folder)

        let reference = folder.file("reference.h5").path
        let uninterrupted = try Executables.run("tandem", Self.arguments(library: library, out: reference))
        try #require(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        let out = folder.file("killed.h5").path
        let checkpoint = folder.file("killed.checkpoint.h5").path
        let process = Process()
        process.executableURL = Executables.binDirectory.appendingPathComponent("tandem")
        process.arguments = Self.arguments(library: library, out: out)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint appeared before the kill")
        #expect(!FileManager.default.fileExists(atPath: out))

        let resumed = try Executables.run("tandem", Self.arguments(library: library, out: out, extra: ["--resume"]))
        try #require(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming dqn from"))
        #expect(!resumed.stderr.contains("at step 0\n"))

        let expected = try PolicyFile.read(from: reference)
        let got = try PolicyFile.read(from: out)
        #expect(got.model == expected.model)
        #expect(got.provenance.steps == 3000)
        #expect(got.actions.cpuFrequenciesKHz == expected.actions.cpuFrequenciesKHz)
        #expect(got.platform.name == "xavier-nx" && !got.platform.fingerprint.isEmpty)
    }

    @Test("bad arguments are usage errors (exit 64); a missing scenario names the file")
    func badArguments() throws {
        let folder = try TemporaryDirectory()
        let badSteps = try Executables.run("tandem", ["train", "--scenario", Self.scenario, "--library", "x.h5",
                                                      "--steps", "0", "--out", folder.file("p.h5").path])
        #expect(badSteps.status == 64)
        let badAgent = try Executables.run("tandem", ["train", "--scenario", Self.scenario, "--library", "x.h5",
                                                      "--agent", "sac", "--out", folder.file("p.h5").path])
        #expect(badAgent.status == 64)
        let shippedLibrary = SharedData.repositoryRoot.appendingPathComponent("Policies/library.h5").path
        for (option, value) in [("--corunner-scales", "1,-2"), ("--mix", "hours")] {
            let bad = try Executables.run("tandem", ["train", "--scenario", Self.scenario, "--library", shippedLibrary,
                                                     option, value, "--out", folder.file("p.h5").path])
            #expect(bad.status == 64, "\(option) \(value)")
            #expect(bad.stderr.contains(String(option.dropFirst(2))))
        }
        let missing = folder.file("nope.json").path
        let noScenario = try Executables.run("tandem", ["train", "--scenario", missing, "--library", "x.h5",
                                                        "--out", folder.file("p.h5").path])
        #expect(noScenario.status == 1)
        #expect(noScenario.stderr.contains("nope.json"))
    }
}
