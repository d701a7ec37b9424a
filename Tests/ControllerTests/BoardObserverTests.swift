import Controller
import Foundation
import Platform
import Testing

/// The controller polls the board's files itself (kept open, `pread`); Platform's sensors read the same files the
/// usual way. Both must agree, on both INA3221 layouts.
@Suite struct BoardObserverTests {
    @Test(arguments: BoardTreeWriter.JetPack.allCases)
    func agreesWithPlatformsSensors(jetPack: BoardTreeWriter.JetPack) throws {
        let board = try FakeBoard(jetPack: jetPack)
        let root = SysfsRoot(root: board.path)
        let discovered = BoardDiscovery(root: root).discover()
        let observer = try BoardObserver(board: discovered)
        #expect(observer.absent.isEmpty)
        // Change every reading after start-up, so a value cached at start would be caught.
        try board.write("/sys/class/thermal/thermal_zone2/temp", "61500\n")
        try board.write("/sys/devices/gpu.0/load", "734\n")
        switch jetPack {
        case .four: try board.write("/sys/bus/i2c/drivers/ina3221x/7-0040/iio:device0/in_power0_input", "6140\n")
        case .five: try board.write("/sys/bus/i2c/drivers/ina3221/7-0040/hwmon/hwmon3/curr1_input", "1228\n")
        }
        let sample = try observer.sample(intervalS: 0.5)

        let zones = try ThermalZoneSensor(root: root).read()
        #expect(sample.temperatureC == zones.map(\.celsius).max())
        #expect(sample.temperatureC == 61.5)
        #expect(sample.gpuLoad == (try GPULoadSensor(root: root).read()))
        var rails = try #require(try discovered.powerRailSensor())
        let vddIn = try #require(try rails.read().first { $0.name == "VDD_IN" }?.powerW)
        #expect(abs(sample.energyJ - vddIn * 0.5) < 1e-12, "VDD_IN × interval")
        #expect(abs(vddIn - 6.14) < 1e-9, "6140 mW (JetPack 4) and 5000 mV × 1228 mA (JetPack 5)")
    }

    /// Busy = (Δtotal − Δ(idle + iowait)) / Δtotal over the aggregate `cpu` line, as CPUUtilizationSensor counts.
    @Test func cpuBusyIsTheJiffyShareOfTheInterval() throws {
        let board = try FakeBoard(jetPack: .five)
        let observer = try BoardObserver(board: BoardDiscovery(root: SysfsRoot(root: board.path)).discover())
        let before = try String(contentsOfFile: board.path + "/proc/stat", encoding: .utf8)
        let firstLine = try #require(before.split(separator: "\n").first).split(separator: " ").dropFirst().compactMap { UInt64($0) }
        // 300 more busy jiffies (user) and 100 more idle: 75 % busy.
        var next = firstLine
        next[0] += 300
        next[3] += 100
        let rest = before.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        try board.write("/proc/stat", "cpu  " + next.map(String.init).joined(separator: " ") + "\n" + rest)
        let sample = try observer.sample(intervalS: 10)
        #expect(abs(sample.cpuBusy - 0.75) < 1e-12)
        #expect(sample.coRunnerCPUUtilization <= 0.75 && sample.coRunnerCPUUtilization > 0.7,
                "this process's own CPU share over 10 s is small")
    }

    @Test func aReadingThatTurnsToGarbageIsASensorLoss() throws {
        let board = try FakeBoard(jetPack: .four)
        let observer = try BoardObserver(board: BoardDiscovery(root: SysfsRoot(root: board.path)).discover())
        try board.write("/sys/devices/gpu.0/load", "busy\n")
        let error = #expect(throws: ControllerError.self) { try observer.sample(intervalS: 0.1) }
        #expect(error?.exitCode == .fellBack && error?.description.contains("/sys/devices/gpu.0/load") == true)
    }
}
