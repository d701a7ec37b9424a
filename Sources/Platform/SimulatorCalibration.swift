/// THE calibration table of the simulator: every number the latency and power models use, with its source.
/// `xavierNX` is fitted to the Dynamic-OFA Jetson measurements (../shared/data/dynamic-ofa) and the rail powers of
/// reference/jetson-xavier-nx.md; `tandem platform --json` prints it and the README reproduces it.
///
/// Latency at clocks (c, g, m) of a sub-network whose end-to-end latency at the reference clocks is L_ref:
///   L = cpuPart·(c_ref/c) + gpuPart·(g_ref/g) + memoryPart·(m_ref/m), with the parts fixed shares of L_ref;
/// a co-runner of utilisation u on a device divides that device's parts by (1 − u·share).
/// Power: CPU and GPU = static + C·V(f)²·f·activity (V from `VoltageFrequencyCurve`); SOC and the rest of VDD_IN grow
/// linearly with the EMC clock. The two rail-power points of reference §6 fix the linear terms and the CPU C; the
/// MLPerf load-minus-idle increment fixes the GPU C.
public struct SimulatorCalibration: Sendable, Equatable {
    // Reference clocks of the latency measurements.
    public var referenceCPUKHz: CalibrationEntry
    public var referenceGPUKHz: CalibrationEntry
    public var referenceEMCKHz: CalibrationEntry

    // GPU inference: profiled (per-layer sum) → end-to-end, and how end-to-end splits.
    public var gpuProfileScale: CalibrationEntry
    public var gpuFrameworkOverheadMs: CalibrationEntry
    public var gpuComputeShare: CalibrationEntry
    public var gpuMemoryShare: CalibrationEntry

    // CPU inference.
    public var cpuProfileScale: CalibrationEntry
    public var cpuFrameworkOverheadMs: CalibrationEntry
    public var cpuMemoryShare: CalibrationEntry
    public var cpuInferenceThreads: CalibrationEntry

    // Contention by a co-runner.
    public var cpuContentionShare: CalibrationEntry
    public var gpuContentionShare: CalibrationEntry
    public var memoryContentionShare: CalibrationEntry

    // Voltage–frequency curves.
    public var cpuVoltageMinV: CalibrationEntry
    public var cpuVoltageMaxV: CalibrationEntry
    public var cpuVoltageKneeKHz: CalibrationEntry
    public var gpuVoltageMinV: CalibrationEntry
    public var gpuVoltageMaxV: CalibrationEntry
    public var gpuVoltageKneeKHz: CalibrationEntry

    // Rail-power measurements the power model is fitted to.
    public var idleVddInW: CalibrationEntry
    public var idleCpuGpuCvW: CalibrationEntry
    public var idleSocW: CalibrationEntry
    public var idleEMCKHz: CalibrationEntry
    public var loadedVddInW: CalibrationEntry
    public var loadedCpuGpuCvW: CalibrationEntry
    public var loadedSocW: CalibrationEntry
    public var loadedEMCKHz: CalibrationEntry
    public var loadedCPUKHz: CalibrationEntry
    public var loadedBusyCores: CalibrationEntry
    public var cvStaticCPUShare: CalibrationEntry
    public var gpuLoadIncrementWallW: CalibrationEntry
    public var gpuLoadGPUKHz: CalibrationEntry
    public var gpuLoadCPUKHz: CalibrationEntry
    public var supplyEfficiency: CalibrationEntry

    // Optional thermal model.
    public var ambientC: CalibrationEntry
    public var thermalResistanceKPerW: CalibrationEntry
    public var thermalTimeConstantS: CalibrationEntry
    public var leakagePerK: CalibrationEntry

    /// Every entry by name, in declaration order (for printing and the README).
    public var entries: [(name: String, entry: CalibrationEntry)] {
        [("referenceCPUKHz", referenceCPUKHz), ("referenceGPUKHz", referenceGPUKHz), ("referenceEMCKHz", referenceEMCKHz),
         ("gpuProfileScale", gpuProfileScale), ("gpuFrameworkOverheadMs", gpuFrameworkOverheadMs),
         ("gpuComputeShare", gpuComputeShare), ("gpuMemoryShare", gpuMemoryShare),
         ("cpuProfileScale", cpuProfileScale), ("cpuFrameworkOverheadMs", cpuFrameworkOverheadMs),
         ("cpuMemoryShare", cpuMemoryShare), ("cpuInferenceThreads", cpuInferenceThreads),
         ("cpuContentionShare", cpuContentionShare), ("gpuContentionShare", gpuContentionShare),
         ("memoryContentionShare", memoryContentionShare),
         ("cpuVoltageMinV", cpuVoltageMinV), ("cpuVoltageMaxV", cpuVoltageMaxV), ("cpuVoltageKneeKHz", cpuVoltageKneeKHz),
         ("gpuVoltageMinV", gpuVoltageMinV), ("gpuVoltageMaxV", gpuVoltageMaxV), ("gpuVoltageKneeKHz", gpuVoltageKneeKHz),
         ("idleVddInW", idleVddInW), ("idleCpuGpuCvW", idleCpuGpuCvW), ("idleSocW", idleSocW), ("idleEMCKHz", idleEMCKHz),
         ("loadedVddInW", loadedVddInW), ("loadedCpuGpuCvW", loadedCpuGpuCvW), ("loadedSocW", loadedSocW),
         ("loadedEMCKHz", loadedEMCKHz), ("loadedCPUKHz", loadedCPUKHz), ("loadedBusyCores", loadedBusyCores),
         ("cvStaticCPUShare", cvStaticCPUShare), ("gpuLoadIncrementWallW", gpuLoadIncrementWallW),
         ("gpuLoadGPUKHz", gpuLoadGPUKHz), ("gpuLoadCPUKHz", gpuLoadCPUKHz), ("supplyEfficiency", supplyEfficiency),
         ("ambientC", ambientC), ("thermalResistanceKPerW", thermalResistanceKPerW),
         ("thermalTimeConstantS", thermalTimeConstantS), ("leakagePerK", leakagePerK)]
    }

    private static let nx = "reference/jetson-xavier-nx.md"
    private static let library = "data/dynamic-ofa/library.json (13 library nets, Jetson Xavier NX GPU)"

    /// The Jetson Xavier NX.
    public static let xavierNX = SimulatorCalibration(
        referenceCPUKHz: .init(1_907_200, "kHz", "assumption: Dynamic-OFA's recorded latencies were taken at the maximum clocks (the source does not state them); \(nx) §1"),
        referenceGPUKHz: .init(1_109_250, "kHz", "assumption as above; GPU maximum, \(nx) §2"),
        referenceEMCKHz: .init(1_866_000, "kHz", "assumption as above; EMC maximum (20 W modes), \(nx) §3"),
        gpuProfileScale: .init(1.506071, "×", "least-squares fit of recorded end-to-end latency against the GPU lookup-table sum over the 13 nets of \(library); data/dynamic-ofa/README.md gives ≈1.51"),
        gpuFrameworkOverheadMs: .init(11.874793, "ms", "intercept of the same fit (README: ≈11.9 ms); treated as CPU-side framework time (PyTorch eager is launch-bound, \(nx) §C and §11.4)"),
        gpuComputeShare: .init(0.667, "fraction of the per-layer part", "MLPerf NX MaxQ→MaxP: a 1.38× GPU clock step bought 1.25×, so about a third of the latency does not scale with the GPU clock (\(nx) §C)"),
        gpuMemoryShare: .init(0.08, "fraction of the per-layer part", "assumption: chosen so that EMC 204→1866 MHz moves a library net's latency by ≈48%, the top of the 11–48% EMC effect measured on Orin Nano (arXiv 2606.16106, \(nx) §C); the rest of the non-GPU third is CPU-side kernel launch"),
        cpuProfileScale: .init(1.0, "×", "no whole-network CPU measurement exists (the CPU lookup table is not credible, \(nx) §C): a CPU profile is taken as end-to-end"),
        cpuFrameworkOverheadMs: .init(0, "ms", "as above"),
        cpuMemoryShare: .init(0.15, "fraction", "assumption: no CPU latency-vs-EMC sweep is published for the NX (\(nx) §C)"),
        cpuInferenceThreads: .init(2, "cores", "assumption: PyTorch CPU inference on one 2-core Carmel cluster (one cpufreq policy, \(nx) §1)"),
        cpuContentionShare: .init(0.5, "fraction", "assumption: a co-runner fully using the CPUs halves the CPU-side throughput of the inference"),
        gpuContentionShare: .init(0.9, "fraction", "assumption: the GPU time-slices between contexts, so a co-runner takes nearly its utilisation"),
        memoryContentionShare: .init(0.2, "fraction", "assumption: shared-DRAM interference, smaller than the device share"),
        cpuVoltageMinV: .init(0.60, "V", "assumption (\(nx) §A: no public V–f table; use a curve flat at Vmin below a knee, then rising)"),
        cpuVoltageMaxV: .init(1.00, "V", "assumption, as above (at 1907.2 MHz)"),
        cpuVoltageKneeKHz: .init(883_200, "kHz", "assumption, as above"),
        gpuVoltageMinV: .init(0.60, "V", "assumption, as above"),
        gpuVoltageMaxV: .init(0.95, "V", "assumption, as above (at 1109.25 MHz)"),
        gpuVoltageKneeKHz: .init(510_000, "kHz", "assumption, as above"),
        idleVddInW: .init(2.76, "W", "\(nx) §6: JetPack 5.1.2 near-idle, CPU ≈1.19 GHz, GPU 114 MHz, EMC 204 MHz (waggle-sensor/jetson-exporter)"),
        idleCpuGpuCvW: .init(0.65, "W", "\(nx) §6, same reading"),
        idleSocW: .init(0.65, "W", "\(nx) §6, same reading"),
        idleEMCKHz: .init(204_000, "kHz", "\(nx) §6, same reading"),
        loadedVddInW: .init(6.14, "W", "\(nx) §6: JetPack 4, 15 W 6-core, CPU-loaded at 1420 MHz, EMC 1600 MHz, GPU idle"),
        loadedCpuGpuCvW: .init(2.71, "W", "\(nx) §6, same reading"),
        loadedSocW: .init(1.07, "W", "\(nx) §6, same reading"),
        loadedEMCKHz: .init(1_600_000, "kHz", "\(nx) §6, same reading"),
        loadedCPUKHz: .init(1_420_800, "kHz", "\(nx) §6, same reading (1420 MHz = the 1420.8 MHz OPP)"),
        loadedBusyCores: .init(6, "cores", "\(nx) §6, same reading (15 W 6-core mode, CPU-loaded)"),
        cvStaticCPUShare: .init(0.5, "fraction", "assumption: the idle VDD_CPU_GPU_CV power is split evenly between CPU and GPU (no public split, \(nx) §5 and §D)"),
        gpuLoadIncrementWallW: .init(5.9, "W", "\(nx) §B: MLPerf v2.0 NX MaxQ ResNet-50, wall power loaded minus idle between runs (clocks locked)"),
        gpuLoadGPUKHz: .init(803_250, "kHz", "\(nx) §B, same run"),
        gpuLoadCPUKHz: .init(1_190_400, "kHz", "\(nx) §B, same run (one core feeds the GPU)"),
        supplyEfficiency: .init(0.80, "fraction", "assumption: wall-to-module conversion of the dev-kit supply and carrier (\(nx) §B: wall ≠ module)"),
        ambientC: .init(25, "°C", "assumption: room temperature"),
        thermalResistanceKPerW: .init(4, "K/W", "assumption: passive heat sink of the dev kit (no public figure)"),
        thermalTimeConstantS: .init(60, "s", "assumption: heat-sink time constant (no public figure)"),
        leakagePerK: .init(0.01, "1/K", "assumption: static power +1% per kelvin above ambient (typical CMOS leakage slope)"))
}
