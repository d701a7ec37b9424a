import Environment
import Foundation
import OFA
import Platform
import TestSupport

/// The simulated Jetson Xavier NX running Dynamic-OFA's 13 published sub-networks, with the Jetson lookup tables
/// for their profiled latencies (read from the shared data folder; tests fail loudly without it).
enum XavierNX {
    static func library() throws -> SubnetLibrary {
        let gpu = try LatencyTable(dynamicOFADirectory: SharedData.url("data/dynamic-ofa/latency-tables/gpu"), device: "gpu")
        let cpu = try LatencyTable(dynamicOFADirectory: SharedData.url("data/dynamic-ofa/latency-tables/cpu"), device: "cpu")
        return try SubnetLibrary.published(json: SharedData.url("data/dynamic-ofa/library.json"), tables: [gpu, cpu])
    }

    static func model(_ device: Scenario.Device) throws -> PlatformFrameModel {
        try SimulatedBoard.model(platform: PlatformCatalog.xavierNX(), library: library(), device: device)
    }

    static func scenarios() throws -> [Scenario] {
        let folder = SharedData.repositoryRoot.appendingPathComponent("Experiments/scenarios")
        return try Scenario.loadAll(in: folder)
    }
}
