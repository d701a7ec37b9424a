import ArgumentParsing
import Foundation
import Platform

/// `tandem platform`: what a board offers (clusters and OPPs, GPU and EMC OPPs, rails, thermal zones, perf counters,
/// current governors) and what is missing; `--json` prints the same as one object.
enum PlatformCommand: Command {
    static let spec = CommandSpec(
        name: "platform",
        abstract: "Show what a board offers: OPP tables, rails, thermal zones, counters, governors; and what is missing.",
        discussion: "`host` is discovered under --sysfs-root (default /); a built-in board prints its description and, "
            + "with --sysfs-root, whether the tree found there matches it.",
        options: [
            .value("platform", "NAME", "host or a built-in board (\(PlatformCatalog.builtInNames.joined(separator: ", ")))",
                   default: "host"),
            .value("sysfs-root", "DIR", "the folder that stands for / (a fake tree in tests)"),
            .flag("json", "Print one JSON object."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let name = try arguments.choice("platform", in: PlatformCatalog.names) ?? "host"
        let rootPath = arguments.string("sysfs-root")
        if let rootPath {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: rootPath, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError.invalidValue(option: "sysfs-root", value: rootPath, expected: "an existing folder")
            }
        }
        let root = SysfsRoot(root: rootPath ?? "/")
        let description = try PlatformCatalog.description(named: name, sysfsRoot: root)
        let discovery: DiscoveredBoard? = (name == "host" || rootPath != nil) ? BoardDiscovery(root: root).discover() : nil
        let counters = PerfCounterProbe.run()

        if arguments.flag("json") {
            let object = try jsonObject(description: description, discovery: discovery, counters: counters, builtIn: name != "host")
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            printText(description: description, discovery: discovery, counters: counters)
        }
        return 0
    }

    private static func mhz(_ kHz: Int) -> String {
        let value = Double(kHz) / 1000
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
            .replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    private static func table(_ kHz: [Int]) -> String {
        kHz.isEmpty ? "none" : "\(kHz.count) levels, \(mhz(kHz.first ?? 0))–\(mhz(kHz.last ?? 0)) MHz: "
            + kHz.map(mhz).joined(separator: " ")
    }

    private static func printText(description: PlatformDescription, discovery: DiscoveredBoard?, counters: PerfCounterProbe) {
        print("platform \(description.name): \(description.displayName)")
        print("fingerprint \(description.fingerprint)")
        if let discovery { print("discovered: \(discovery.kind.rawValue) under \(discovery.root.root)") }
        print("\nCPU clusters (transition latency \(description.cpu.transitionLatencyUs) µs)")
        if description.cpu.clusters.isEmpty { print("  none") }
        for cluster in description.cpu.clusters {
            let live = discovery?.cpuPolicies.first { $0.path == cluster.policyPath }
            let governor = live?.governor.map { ", governor \($0)" } ?? ""
            let current = live?.currentKHz.map { ", now \(mhz($0)) MHz" } ?? ""
            print("  cluster \(cluster.id) cpus \(cluster.cpus.map(String.init).joined(separator: ",")) "
                + "(\(cluster.policyPath)\(governor)\(current))")
            print("    \(table(cluster.frequenciesKHz))")
        }
        print("\nGPU: " + (description.gpu.map { "\(table($0.frequenciesKHz))\n  devfreq \($0.devfreqPath)"
            + (discovery?.gpu?.governor.map { ", governor \($0)" } ?? "") } ?? "none"))
        print("EMC: " + (description.emc.map { "\(table($0.frequenciesKHz)) (\($0.controlPath))" } ?? "none"))
        print("\npower rails" + (discovery?.powerRailLayout.map { " (\($0.name))" } ?? ""))
        if description.powerRails.rails.isEmpty { print("  none") }
        for rail in description.powerRails.rails { print("  \(rail.name): \(rail.feeds) [\(rail.sensor)]") }
        print("thermal zones: " + (description.thermalZones.zones.isEmpty ? "none"
            : description.thermalZones.zones.map { "\($0.index) \($0.name)" }.joined(separator: ", ")))
        if !description.powerModes.modes.isEmpty {
            print("\npower modes (\(description.powerModes.note))")
            for mode in description.powerModes.modes {
                print("  \(mode.name): \(mode.onlineCores) cores, CPU \(mhz(mode.cpuMinKHz))–\(mhz(mode.cpuMaxKHz)) MHz, "
                    + "GPU ≤ \(mode.gpuMaxKHz.map(mhz) ?? "-") MHz, EMC ≤ \(mode.emcMaxKHz.map(mhz) ?? "-") MHz")
            }
        }
        let delays = description.actuationDelays
        print("actuation delays: CPU \(delays.cpuUs) µs, GPU \(delays.gpuUs) µs, EMC \(delays.emcUs) µs, "
            + "write \(delays.writeCostUs) µs")
        print("\nperf counters (this kernel): available: "
            + (counters.available.isEmpty ? "none" : counters.available.map(\.rawValue).joined(separator: ", ")))
        for event in PerfEvent.allCases { if let reason = counters.unavailable[event] { print("  unavailable: \(reason)") } }
        if let advance = counters.taskClockAdvanceNs {
            print("  task-clock advanced \(String(format: "%.2f", Double(advance) / 1e6)) ms during a "
                + "\(counters.busyMilliseconds) ms busy loop")
        }
        if let discovery {
            print("\nmissing" + (discovery.missing.isEmpty ? ": nothing" : ":"))
            for line in discovery.missing { print("  - \(line)") }
        }
    }

    private static func jsonObject(description: PlatformDescription, discovery: DiscoveredBoard?,
                                   counters: PerfCounterProbe, builtIn: Bool) throws -> [String: Any]
    {
        let descriptionObject = try JSONSerialization.jsonObject(with: description.encodedJSON())
        var object: [String: Any] = [
            "platform": description.name,
            "fingerprint": description.fingerprint,
            "description": descriptionObject,
            "counters": [
                "available": counters.available.map(\.rawValue),
                "unavailable": Dictionary(uniqueKeysWithValues: counters.unavailable.map { ($0.key.rawValue, $0.value) }),
                "task_clock_advance_ns": counters.taskClockAdvanceNs.map { $0 as Any } ?? NSNull(),
                "busy_ms": counters.busyMilliseconds,
            ] as [String: Any],
        ]
        if let discovery {
            object["discovery"] = [
                "kind": discovery.kind.rawValue,
                "root": discovery.root.root,
                "model": discovery.model.map { $0 as Any } ?? NSNull(),
                "missing": discovery.missing,
                "power_rails": discovery.powerRailLayout?.name ?? NSNull(),
                "online_cpus": discovery.onlineCPUs,
                "cpu_policies": discovery.cpuPolicies.map { policy -> [String: Any] in
                    ["path": policy.path, "cpus": policy.cpus, "frequencies_khz": policy.frequenciesKHz,
                     "governor": policy.governor.map { $0 as Any } ?? NSNull(),
                     "current_khz": policy.currentKHz.map { $0 as Any } ?? NSNull()]
                },
                "gpu_governor": discovery.gpu?.governor.map { $0 as Any } ?? NSNull(),
                "matching_built_in": discovery.matchingBuiltIn?.name ?? NSNull(),
            ] as [String: Any]
        } else {
            object["discovery"] = NSNull()
        }
        if builtIn {
            object["simulator_calibration"] = Dictionary(uniqueKeysWithValues: SimulatorCalibration.xavierNX.entries.map {
                ($0.name, ["value": $0.entry.value, "unit": $0.entry.unit, "source": $0.entry.source] as [String: Any])
            })
        }
        return object
    }
}
