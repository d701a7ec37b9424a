import Foundation
import Glibc
import Platform
import Synchronization
import Testing

@Suite struct SensorTests {
    @Test func ina3221JetPack4ReadsMilliwatts() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        var sensor = try INA3221IioRails(root: tree.root)
        #expect(sensor.railNames == ["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"])
        let samples = try sensor.read()
        #expect(samples.map(\.powerW) == [2.76, 0.65, 0.65])
        try tree.write("/sys/bus/i2c/drivers/ina3221x/7-0040/iio:device0/in_power1_input", "2710\n")
        #expect(try sensor.read()[1].powerW == 2.71)
    }

    @Test func ina3221JetPack5MultipliesMillivoltsAndMilliamps() throws {
        let tree = try FakeSysfs.xavierNXJetPack5()
        var sensor = try INA3221HwmonRails(root: tree.root)
        #expect(sensor.hwmonPath.hasSuffix("hwmon/hwmon3"))
        #expect(sensor.railNames == ["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"])
        let samples = try sensor.read()
        #expect(abs((samples[0].powerW ?? 0) - 5.0 * 0.552) < 1e-12)
        #expect(abs((samples[1].powerW ?? 0) - 0.65) < 1e-12)
    }

    @Test func missingAndGarbageRailFilesAreTypedErrors() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        var sensor = try INA3221IioRails(root: tree.root)
        try tree.write("/sys/bus/i2c/drivers/ina3221x/7-0040/iio:device0/in_power2_input", "n/a\n")
        #expect(throws: SysfsError.self) { try sensor.read() }
        #expect(throws: SysfsError.self) { try INA3221HwmonRails(root: tree.root) }
        let empty = try FakeSysfs("empty")
        #expect(throws: SysfsError.self) { try RAPLEnergyRails(root: empty.root) }
    }

    @Test func raplEnergyWrapsAroundTheRange() throws {
        let tree = try FakeSysfs.genericRAPL()
        let path = "/sys/class/powercap/intel-rapl:0/energy_uj"
        let range: UInt64 = 262_143_328_850
        let time = Mutex(0.0)
        var sensor = try RAPLEnergyRails(root: tree.root, clock: MonotonicClock { time.withLock { $0 } })
        #expect(sensor.railNames == ["package-0 (intel-rapl:0)", "core (intel-rapl:0:0)"])
        try tree.write(path, "\(range - 2_000_000)\n")
        let first = try sensor.read()
        #expect(first[0].powerW == nil && first[0].energyJ == 0)
        // One second later the counter has wrapped: it ran 2 J to the top of the range, then 3 J more.
        time.withLock { $0 = 1.0 }
        try tree.write(path, "3000000\n")
        let second = try sensor.read()
        #expect(second[0].energyJ == Double(range - (range - 2_000_000) + 3_000_000) / 1e6)
        #expect(abs((second[0].powerW ?? 0) - 5.0) < 1e-9)
        // No wrap: plain difference.
        time.withLock { $0 = 3.0 }
        try tree.write(path, "5000000\n")
        let third = try sensor.read()
        #expect(abs((third[0].energyJ ?? 0) - 7.0) < 1e-9)
        #expect(abs((third[0].powerW ?? 0) - 1.0) < 1e-9)
        // A value above the declared range is garbage, not a wrap.
        try tree.write(path, "\(range + 1)\n")
        #expect(throws: SysfsError.self) { try sensor.read() }
    }

    @Test func accumulatorMatchesTheClosedForm() {
        var accumulator = EnergyCounterAccumulator(maxRangeMicrojoules: 1000)
        var expected: UInt64 = 0
        var previous: UInt64?
        for raw: UInt64 in [10, 500, 990, 5, 400, 399, 1000, 0] {
            let step = accumulator.add(raw: raw)
            if let previous { expected += raw >= previous ? raw - previous : 1000 - previous + raw }
            #expect(accumulator.totalMicrojoules == expected)
            if previous == nil { #expect(step == 0) }
            previous = raw
        }
    }

    @Test func hwmonPowerReadsMicrowatts() throws {
        let tree = try FakeSysfs("hwmon")
        try tree.write("/sys/class/hwmon/hwmon0/name", "acpi_power_meter\n")
        try tree.write("/sys/class/hwmon/hwmon0/power1_input", "12500000\n")
        try tree.write("/sys/class/hwmon/hwmon1/name", "coretemp\n")
        var sensor = try HwmonPowerRails(root: tree.root)
        #expect(sensor.railNames == ["acpi_power_meter/power1"])
        #expect(try sensor.read()[0].powerW == 12.5)
    }

    @Test func thermalZonesReadMilliCelsius() throws {
        let tree = try FakeSysfs.xavierNXJetPack5()
        let sensor = try ThermalZoneSensor(root: tree.root)
        #expect(sensor.zones.map(\.name) == FakeSysfs.thermalNames)
        let samples = try sensor.read()
        #expect(samples[2].name == "GPU" && samples[2].celsius == 41.0)
        try tree.write("/sys/class/thermal/thermal_zone2/temp", "hot\n")
        #expect(throws: SysfsError.self) { try sensor.read() }
    }

    @Test func procStatDeltasGiveBusyFractions() throws {
        let tree = try FakeSysfs.bareVM()
        var sensor = CPUUtilizationSensor(root: tree.root)
        let sinceBoot = try sensor.read()
        #expect(sinceBoot[0] == 150.0 / 500.0)
        // cpu0: +60 user +20 system +20 idle → 80% busy; cpu1: +10 idle, +10 iowait → 0% busy.
        try tree.write("/proc/stat", """
            cpu  470 0 220 1430 10 0 0 0 0 0
            cpu0 160 0 70 370 0 0 0 0 0 0
            cpu1 100 0 50 360 10 0 0 0 0 0
            """)
        let delta = try sensor.read()
        #expect(abs((delta[0] ?? -1) - 0.8) < 1e-12)
        #expect(delta[1] == 0)
        try tree.write("/proc/stat", "cpu0 a b c\n")
        #expect(throws: SysfsError.self) { try sensor.read() }
    }

    @Test func gpuLoadIsPerMille() throws {
        let tree = try FakeSysfs.xavierNXJetPack4()
        let sensor = GPULoadSensor(root: tree.root)
        #expect(try sensor.read() == 0.123)
        try tree.write("/sys/devices/gpu.0/load", "1500\n")
        #expect(throws: SysfsError.self) { try sensor.read() }
        let failing = GPULoadSensor(root: tree.root.failing("/sys/devices/gpu.0/load", on: .read, errno: EACCES))
        let error = try #require(throws: SysfsError.self) { try failing.read() }
        #expect(error.errno == EACCES)
    }
}
