import Platform

/// The board's CPU and GPU clocks as the controller drives them: every cpufreq policy that lists its OPPs (one
/// CPU OPP index sets every cluster, as in training) and the GPU's devfreq device (pinned with min = max).
///
/// The actuators snapshot governors, limits and set speeds when this is created; `restore()` writes the snapshot
/// back to every domain this instance wrote to, which hands the board back to its own governors. Frequencies outside
/// a domain's table are refused by the actuators before anything is written. In dry-run mode nothing is written:
/// `apply` only reports what it would do.
public final class BoardActuation {
    public let cpu: [CpufreqPolicyActuator]
    public let gpu: DevfreqActuator?
    public let dryRun: Bool
    /// Plain sentences naming each clock domain this board lacks.
    public let absent: [String]

    private var touchedCPU: [Bool]
    private var touchedGPU = false
    private var appliedCPUKHz: Int?
    private var appliedGPUKHz: Int?

    /// Snapshots every domain of `board` (reads only).
    public init(board: DiscoveredBoard, dryRun: Bool) throws(ActuatorError) {
        cpu = try board.cpuActuators()
        gpu = try board.gpuActuator()
        self.dryRun = dryRun
        touchedCPU = Array(repeating: false, count: cpu.count)
        var absent: [String] = []
        if cpu.isEmpty {
            absent.append("CPU frequency: no cpufreq policy with a frequency table under \(BoardDiscovery.cpufreqPath)")
        }
        if gpu == nil {
            absent.append("GPU frequency: no devfreq device at \(BoardDiscovery.gpuDevfreqCandidates.joined(separator: " or "))")
        }
        self.absent = absent
    }

    /// The CPU table every cluster shares, or `nil` when the clusters differ or there is none.
    public var cpuFrequenciesKHz: [Int]? {
        guard let first = cpu.first?.availableFrequenciesKHz else { return nil }
        return cpu.allSatisfy { $0.availableFrequenciesKHz == first } ? first : nil
    }

    public var gpuFrequenciesKHz: [Int]? { gpu?.availableFrequenciesKHz }

    /// Sets every cluster to `cpuKHz` and the GPU to `gpuKHz` (each skipped when absent or already there). Returns
    /// what was (or, in dry-run mode, would have been) written, one phrase per domain; empty when nothing changed.
    @discardableResult
    public func apply(cpuKHz: Int?, gpuKHz: Int?) throws(ActuatorError) -> [String] {
        var actions: [String] = []
        if let cpuKHz, cpuKHz != appliedCPUKHz, !cpu.isEmpty {
            for (index, actuator) in cpu.enumerated() {
                actions.append("\(actuator.domain)=\(cpuKHz)kHz")
                if dryRun {
                    // Refuse exactly as a real write would, so a dry run proves the tables.
                    guard actuator.availableFrequenciesKHz.contains(cpuKHz) else {
                        throw .notInTable(domain: actuator.domain, requestedKHz: cpuKHz,
                                          availableKHz: actuator.availableFrequenciesKHz)
                    }
                    continue
                }
                touchedCPU[index] = true
                try actuator.setFrequency(kHz: cpuKHz)
            }
            appliedCPUKHz = cpuKHz
        }
        if let gpuKHz, gpuKHz != appliedGPUKHz, let gpu {
            actions.append("\(gpu.domain)=\(gpuKHz)kHz")
            if dryRun {
                guard gpu.availableFrequenciesKHz.contains(gpuKHz) else {
                    throw .notInTable(domain: gpu.domain, requestedKHz: gpuKHz, availableKHz: gpu.availableFrequenciesKHz)
                }
            } else {
                touchedGPU = true
                try gpu.setFrequency(kHz: gpuKHz)
            }
            appliedGPUKHz = gpuKHz
        }
        return actions
    }

    /// Writes back the snapshot of every domain this instance wrote to (idempotent: a second call writes nothing).
    /// Returns one sentence per domain that could not be restored; empty means the board is as it was found.
    public func restore() -> [String] {
        var failures: [String] = []
        for (index, actuator) in cpu.enumerated() where touchedCPU[index] {
            do {
                try actuator.restore()
                touchedCPU[index] = false
            } catch {
                failures.append("\(actuator.domain): \(error)")
            }
        }
        if touchedGPU, let gpu {
            do {
                try gpu.restore()
                touchedGPU = false
            } catch {
                failures.append("\(gpu.domain): \(error)")
            }
        }
        appliedCPUKHz = nil
        appliedGPUKHz = nil
        return failures
    }

    /// Whether any domain holds a value written by this instance.
    public var hasWritten: Bool { touchedGPU || touchedCPU.contains(true) }
}
