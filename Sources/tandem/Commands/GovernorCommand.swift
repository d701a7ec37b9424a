import ArgumentParsing
import Foundation
import Governors
import Platform

/// `tandem governor`: replays a busy trace through one emulated Linux governor on a platform's frequency table and
/// shows the frequency it requests every millisecond, so one can see why a baseline behaves as it does.
enum GovernorCommand: Command {
    static let spec = CommandSpec(
        name: "governor",
        abstract: "Replay a busy trace through a Linux governor and print the frequency it requests every millisecond.",
        discussion: "The trace is CSV with the header 't_ms,busy', one row per millisecond, busy the fraction of that "
            + "millisecond the device ran (busy part first). The governor starts at the table's lowest frequency; "
            + "each row shows the request at the end of its millisecond and the governor's view of the load "
            + "(PELT util/capacity for schedutil, the sampled load for ondemand/conservative, busy for the GPU ones).",
        options: [
            .value("name", "GOVERNOR", "one of " + GovernorName.allCases.map(\.rawValue).joined(separator: ", "),
                   required: true),
            .value("platform", "NAME", "a platform (\(PlatformCatalog.names.joined(separator: ", ")))",
                   default: "xavier-nx"),
            .value("trace", "T.csv", "the busy trace", required: true),
            .value("cluster", "N", "the CPU cluster whose table to use", default: "0"),
            .value("device", "cpu|gpu", "the device whose table to use (default: the governor's own)"),
            .flag("json", "Print {\"t_ms\": [...], \"frequency_khz\": [...], \"util\": [...]} and a summary."),
        ])

    /// The platform has no table for what was asked.
    struct MissingTable: Error, CustomStringConvertible {
        let platform: String
        let what: String
        var description: String { "platform '\(platform)' has no \(what) frequency table" }
    }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let nameText = try arguments.choice("name", in: GovernorName.allCases.map(\.rawValue)) ?? ""
        guard let name = GovernorName(rawValue: nameText) else { throw UsageError.missingRequired(option: "name") }
        let platformName = try arguments.choice("platform", in: PlatformCatalog.names) ?? "xavier-nx"
        let device = try arguments.choice("device", in: ["cpu", "gpu"]).flatMap(GovernorName.Device.init(rawValue:))
            ?? name.device
        let cluster = try arguments.int("cluster") ?? 0
        let tracePath = try arguments.required("trace")

        let platform = try PlatformCatalog.description(named: platformName)
        let table: FrequencyTable
        var cpuCount = Schedutil.defaultCPUsPerPolicy
        switch device {
        case .cpu:
            guard let found = try platform.cpuFrequencyTable(cluster: cluster) else {
                let known = platform.cpu.clusters.map { String($0.id) }.joined(separator: ", ")
                throw UsageError.invalidValue(option: "cluster", value: String(cluster),
                                              expected: known.isEmpty ? "a cluster (the platform has none)" : "one of \(known)")
            }
            table = found
            cpuCount = platform.cpu.clusters.first { $0.id == cluster }?.cpus.count ?? cpuCount
        case .gpu:
            guard let found = try platform.gpuFrequencyTable() else { throw MissingTable(platform: platformName, what: "GPU") }
            table = found
        }

        let trace = try BusyTrace.read(from: URL(fileURLWithPath: tracePath))
        var governor = name.make(table: table, cpuCount: cpuCount)
        let replay = GovernorReplay.run(&governor, trace: trace)

        if arguments.flag("json") {
            let object: [String: Any] = [
                "t_ms": replay.timesMs,
                "frequency_khz": replay.frequenciesKHz,
                "util": replay.utilization,
                "governor": name.rawValue,
                "kernel_name": governor.name,
                "platform": platformName,
                "device": device.rawValue,
                "start_frequency_khz": replay.startFrequencyKHz,
                "mean_frequency_khz": replay.meanFrequencyKHz,
                "switches": replay.switches,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            printTable(replay, governor: name, device: device, platform: platformName)
        }
        return 0
    }

    /// One line per run of equal requests (first and last millisecond of the run), then the summary.
    static func printTable(_ replay: GovernorReplay, governor: GovernorName, device: GovernorName.Device, platform: String) {
        print("\(governor.rawValue) on \(platform) \(device.rawValue), start \(replay.startFrequencyKHz) kHz")
        print(pad("t_ms", 15) + pad("frequency_khz", 15) + pad("util", 14))
        var runStart = 0
        for index in replay.frequenciesKHz.indices {
            let isLast = index == replay.frequenciesKHz.count - 1
            if isLast || replay.frequenciesKHz[index + 1] != replay.frequenciesKHz[index] {
                let span = runStart == index ? "\(replay.timesMs[index])"
                    : "\(replay.timesMs[runStart])–\(replay.timesMs[index])"
                let util = String(format: "%.3f→%.3f", replay.utilization[runStart], replay.utilization[index])
                print(pad(span, 15) + pad(String(replay.frequenciesKHz[index]), 15) + util)
                runStart = index + 1
            }
        }
        print(String(format: "mean %.0f kHz over %d ms, %d switches", replay.meanFrequencyKHz,
                     replay.frequenciesKHz.count, replay.switches))
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
