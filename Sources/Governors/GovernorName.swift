/// The governors `tandem governor` and the baselines can name, with the device each one drives and its defaults.
public enum GovernorName: String, CaseIterable, Sendable {
    case schedutil
    case schedutilL4T = "schedutil-l4t"
    case ondemand
    case conservative
    case performance
    case powersave
    case userspace
    case podgov
    case simpleOndemand = "simple_ondemand"

    /// Which kind of device a governor is written for.
    public enum Device: String, Sendable { case cpu, gpu }

    /// cpufreq governors drive a CPU policy, devfreq ones the GPU.
    public var device: Device {
        switch self {
        case .podgov, .simpleOndemand: .gpu
        default: .cpu
        }
    }

    /// The governor with the kernel's defaults over `table`, starting at `startFrequencyKHz` (default: the lowest
    /// operating point) at `startUs`. `cpuCount` is the number of CPUs in the policy (schedutil takes their maximum).
    public func make(table: FrequencyTable, cpuCount: Int = Schedutil.defaultCPUsPerPolicy,
                     startFrequencyKHz: Int? = nil, startUs: Int64 = 0) -> any Governor {
        let start = startFrequencyKHz ?? table.lowestKHz
        var governor: any Governor
        switch self {
        case .schedutil: governor = Schedutil(table: table, cpuCount: cpuCount, startFrequencyKHz: start, startUs: startUs)
        case .schedutilL4T:
            governor = SchedutilL4T(table: table, cpuCount: cpuCount, startFrequencyKHz: start, startUs: startUs)
        case .ondemand: governor = Ondemand(table: table, startFrequencyKHz: start, startUs: startUs)
        case .conservative: governor = Conservative(table: table, startFrequencyKHz: start, startUs: startUs)
        case .performance: governor = Performance(table: table)
        case .powersave: governor = Powersave(table: table)
        case .userspace: governor = Userspace(table: table, startFrequencyKHz: start)
        case .podgov: governor = NvhostPodgov(table: table, startFrequencyKHz: start, startUs: startUs)
        case .simpleOndemand: governor = SimpleOndemand(table: table, startFrequencyKHz: start, startUs: startUs)
        }
        governor.reset(nowUs: startUs, frequencyKHz: start)
        return governor
    }
}
