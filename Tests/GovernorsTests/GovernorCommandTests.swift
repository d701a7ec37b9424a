import Foundation
import Testing
import TestSupport
@testable import Governors

/// `tandem governor` run as a process on generated traces.
@Suite struct GovernorCommandTests {
    func writeTrace(_ busy: [Double], in folder: TemporaryDirectory, name: String = "trace.csv") throws -> String {
        let text = "t_ms,busy\n" + busy.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
        let url = folder.file(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(arguments: GovernorName.allCases)
    func jsonHasOneEntryPerMillisecond(name: GovernorName) throws {
        let folder = try TemporaryDirectory()
        let busy = Array(repeating: 1.0, count: 120) + Array(repeating: 0.3, count: 80)
        let path = try writeTrace(busy, in: folder)
        let result = try Executables.run("tandem", ["governor", "--name", name.rawValue, "--platform", "xavier-nx",
                                                    "--trace", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let times = try #require(object["t_ms"] as? [Int])
        let frequencies = try #require(object["frequency_khz"] as? [Int])
        let util = try #require(object["util"] as? [Double])
        #expect(times == Array(0..<200))
        #expect(frequencies.count == 200 && util.count == 200)
        // The same requests as the library gives for the platform's table.
        let table = name.device == .gpu ? XavierNXTables.gpu : XavierNXTables.cpu
        var governor = name.make(table: table)
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(busy: busy))
        #expect(frequencies == replay.frequenciesKHz)
    }

    @Test func schedutilReachesFMaxInTheTable() throws {
        let folder = try TemporaryDirectory()
        let path = try writeTrace(Array(repeating: 1, count: 300), in: folder)
        let result = try Executables.run("tandem", ["governor", "--name", "schedutil", "--trace", path, "--cluster", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1907200"))
        #expect(result.stdout.contains("switches"))
    }

    @Test func badTraceExitsNonZeroNamingTheLine() throws {
        let folder = try TemporaryDirectory()
        let url = folder.file("bad.csv")
        try "t_ms,busy\n0,0.5\n1,0.7\n2,1.2\n".write(to: url, atomically: true, encoding: .utf8)
        let result = try Executables.run("tandem", ["governor", "--name", "ondemand", "--trace", url.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.csv:4"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let missing = try Executables.run("tandem", ["governor", "--name", "ondemand", "--trace", folder.file("none.csv").path])
        #expect(missing.status == 1 && missing.stderr.contains("none.csv"))
    }

    @Test func usageErrorsExit64() throws {
        let folder = try TemporaryDirectory()
        let path = try writeTrace([0.5], in: folder)
        for arguments in [["--name", "turbo", "--trace", path], ["--name", "schedutil"],
                          ["--name", "schedutil", "--trace", path, "--cluster", "9"],
                          ["--name", "schedutil", "--trace", path, "--device", "npu"]] {
            let result = try Executables.run("tandem", ["governor"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
    }
}
