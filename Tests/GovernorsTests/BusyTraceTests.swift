import Foundation
import Testing
@testable import Governors

@Suite struct BusyTraceTests {
    @Test func parsesRowsAndKeepsTheStartTime() throws {
        let trace = try BusyTrace.parse("t_ms,busy\r\n5,0\n6, 0.25\n7,1\n\n", path: "x.csv")
        #expect(trace.startMs == 5)
        #expect(trace.busy == [0, 0.25, 1])
    }

    @Test(arguments: [
        ("", 1, "expected header"),
        ("time,busy\n0,1\n", 1, "expected header"),
        ("t_ms,busy\n", 2, "no rows"),
        ("t_ms,busy\n0,0.5\n1,abc\n", 3, "not a number"),
        ("t_ms,busy\n0,0.5\nx,0.1\n", 3, "not an integer"),
        ("t_ms,busy\n0,0.5\n1,1.5\n", 3, "outside [0, 1]"),
        ("t_ms,busy\n0,-0.1\n", 2, "outside [0, 1]"),
        ("t_ms,busy\n0,0.5\n2,0.5\n", 3, "does not follow"),
        ("t_ms,busy\n0,0.5\n1,0.5,3\n", 3, "expected 2 fields"),
        ("t_ms,busy\n0,nan\n", 2, "not a number"),
    ])
    func badTracesNameTheFileAndLine(text: String, line: Int, problem: String) {
        do {
            _ = try BusyTrace.parse(text, path: "bad.csv")
            Issue.record("accepted: \(text.debugDescription)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.hasPrefix("bad.csv:\(line): "), "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func replaySummaryCountsSwitchesFromTheStart() {
        var governor = Userspace(table: XavierNXTables.cpu)
        let replay = GovernorReplay.run(&governor, trace: BusyTrace(startMs: 10, busy: [0, 1, 0]))
        #expect(replay.timesMs == [10, 11, 12])
        #expect(replay.frequenciesKHz == [115_200, 115_200, 115_200])
        #expect(replay.switches == 0 && replay.meanFrequencyKHz == 115_200)
        var performance = Performance(table: XavierNXTables.cpu)
        let up = GovernorReplay.run(&performance, trace: BusyTrace(busy: [0, 1]))
        #expect(up.switches == 0, "performance starts at its maximum")
    }
}
