import Environment
import Platform

/// A small frame model in closed form for testing `RuntimeEnv`'s bookkeeping independently of the calibrated
/// simulator: 3 levels, 3 CPU and 3 GPU OPPs. On the GPU, latency = base · (0.3 · fCPUmax/fCPU + 0.7 · fGPUmax/fGPU)
/// / (1 − 0.8 · gpuLoad); active power = 2 + 1.5·(fCPU/max)² + 4·(fGPU/max)² + 2·gpuLoad; idle power =
/// 1.5 + 0.5·fCPU/max + 0.5·fGPU/max + 2·gpuLoad.
struct FixtureFrameModel: FrameModel {
    let levels = [SubnetLevel(name: "small", top1Percent: 73), SubnetLevel(name: "mid", top1Percent: 76),
                  SubnetLevel(name: "large", top1Percent: 79)]
    let baseLatencyMs = [20.0, 30.0, 45.0]
    let cpuFrequenciesKHz = [500_000, 1_000_000, 1_500_000]
    let gpuFrequenciesKHz = [300_000, 600_000, 900_000]
    var thermal: ThermalParameters? = nil
    let provenance = "test fixture (closed form)"

    func frameCost(level: Int, cpuIndex: Int, gpuIndex: Int, device: Scenario.Device, load: CoRunnerLoad) -> FrameCost {
        let c = Double(cpuFrequenciesKHz[cpuIndex]) / 1_500_000
        let g = Double(gpuFrequenciesKHz[gpuIndex]) / 900_000
        let contention = device == .gpu ? load.gpuUtilization : load.cpuUtilization
        let speed: Double = 0.3 / c + 0.7 / g
        let latency = baseLatencyMs[level] * speed / (1 - 0.8 * contention)
        let power: Double = 2 + 1.5 * c * c + 4 * g * g + 2 * load.gpuUtilization
        return FrameCost(latencyMs: latency, powerW: power, cpuBusy: 0.3,
                         gpuBusy: 0.9, instructionsPerCycle: 1.2, cacheMissesPerInference: 2e6 * Double(level + 1))
    }

    func idlePowerW(cpuIndex: Int, gpuIndex: Int, load: CoRunnerLoad) -> Double {
        let c = Double(cpuFrequenciesKHz[cpuIndex]) / 1_500_000
        let g = Double(gpuFrequenciesKHz[gpuIndex]) / 900_000
        return 1.5 + 0.5 * c + 0.5 * g + 2 * load.gpuUtilization
    }
}

enum Fixtures {
    static func scenario(noise: Double = 0, coRunners: [Scenario.CoRunner] = [], targets: [Scenario.TargetStep]? = nil,
                         durationS: Double = 2, periodMs: Double = 100) -> Scenario {
        Scenario(name: "fixture", platform: "xavier-nx", device: .gpu, durationS: durationS, framePeriodMs: periodMs,
                 latencyTargetMs: targets ?? [.init(t: 0, value: 60)], accuracyFloor: 75, coRunners: coRunners,
                 latencyNoise: noise)
    }
}
