import OFA
import Platform

/// Builds the simulated backend's model: a platform description and a sub-network library through the calibrated
/// `PlatformSimulator`, with the thermal model of the calibration.
public enum SimulatedBoard {
    /// Why a library cannot drive the simulator.
    public struct ModelError: Error, Equatable, CustomStringConvertible {
        public let problem: String
        public var description: String { "simulated board: \(problem)" }
    }

    /// The frame model for `library` running on `device` of `platform`. Each level's profiled latency is its
    /// lookup-table latency for the device (`SubnetLibrary.Level.latencyMs["gpu"|"cpu"]`), the quantity the simulator
    /// is calibrated against; its accuracy is `Level.top1Percent` (measured where known, else corrected prediction).
    public static func model(platform: PlatformDescription, library: SubnetLibrary, device: Scenario.Device,
                             calibration: SimulatorCalibration = .xavierNX) throws -> PlatformFrameModel {
        guard !library.levels.isEmpty else { throw ModelError(problem: "the library has no levels") }
        var workloads: [WorkloadProfile] = []
        var levels: [SubnetLevel] = []
        for level in library.levels {
            guard let latency = level.latencyMs[device.rawValue], latency.isFinite, latency > 0 else {
                throw ModelError(problem: "library level \(level.name) has no \(device.rawValue) latency "
                                 + "(build the library with a \(device.rawValue) latency table)")
            }
            let top1 = level.top1Percent
            guard top1.isFinite else { throw ModelError(problem: "library level \(level.name) has no accuracy") }
            workloads.append(WorkloadProfile(name: level.name, cpuLatencyMs: device == .cpu ? latency : nil,
                                             gpuLatencyMs: device == .gpu ? latency : nil, macs: Double(level.macs)))
            levels.append(SubnetLevel(name: level.name, top1Percent: top1))
        }
        let simulator: PlatformSimulator
        do {
            simulator = try PlatformSimulator(platform: platform, workloads: workloads,
                                              device: device == .gpu ? .gpu : .cpu, calibration: calibration)
        } catch {
            throw ModelError(problem: error.description)
        }
        let thermal = ThermalParameters.xavierNX(calibration: calibration, cpuFrequenciesKHz: simulator.cpuFrequenciesKHz,
                                                 gpuFrequenciesKHz: simulator.gpuFrequenciesKHz)
        return PlatformFrameModel(simulator: simulator, levels: levels, thermal: thermal)
    }
}
