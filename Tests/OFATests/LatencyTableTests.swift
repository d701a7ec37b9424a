import Foundation
import OFA
import Testing
import TestSupport

/// The lookup-table model against the Dynamic-OFA tables and the spec's sums (section 11).
@Suite struct LatencyTableTests {
    static func table(_ device: String) throws -> LatencyTable {
        try LatencyTable(dynamicOFADirectory: SharedData.url("data/dynamic-ofa/latency-tables/\(device)"))
    }

    @Test func keyGrammarProducesExactlyTheTablesKeys() throws {
        for device in ["gpu", "cpu"] {
            let url = try SharedData.url("data/dynamic-ofa/latency-tables/\(device)")
            for resolution in stride(from: 160, through: 224, by: 4) {
                let object = try JSONSerialization.jsonObject(
                    with: Data(contentsOf: url.appendingPathComponent("\(resolution).json")))
                let fileKeys = Set(try #require(object as? [String: Any]).keys)
                let required = LatencyTableKeys.requiredKeys(resolution: resolution, width: .w1_2)
                #expect(required.count == 96)
                #expect(Set(required) == fileKeys, "\(device) \(resolution)")
            }
        }
    }

    @Test func loadsBothDevicesAsW12() throws {
        for device in ["gpu", "cpu"] {
            let table = try Self.table(device)
            #expect(table.device == device)
            #expect(table.width == .w1_2)
            #expect(table.resolutions == Array(stride(from: 160, through: 224, by: 4)))
        }
    }

    @Test func sumsReproduceTheSpecTable() throws {
        let gpu = try Self.table("gpu")
        let cpu = try Self.table("cpu")
        let nets = try PublishedNets.load()
        // The export's derived sums (computed in Python from the same files).
        for net in nets {
            #expect(abs(try gpu.latencyMs(net.config) - (net.derivedGPUTableSumMs ?? .nan)) < 1e-9, "\(net.name)")
            #expect(abs(try cpu.latencyMs(net.config) - (net.derivedCPUTableSumMs ?? .nan)) < 1e-7, "\(net.name)")
        }
        // The spec's table (section 11), to its two or one decimals.
        let specGPU = [18.24, 19.87, 23.70, 24.79, 27.29, 30.17, 18.24, 21.49, 24.65, 24.79, 26.63, 29.66, 30.17]
        let specCPU = [1208.5, 1295.1, 1580.8, 1766.5, 2128.8, 2902.4, 1208.5, 1516.5, 1785.1, 1766.5, 2050.2,
                       2551.4, 2902.4]
        for (index, net) in nets.enumerated() {
            #expect(abs(try gpu.latencyMs(net.config) - specGPU[index]) < 0.006, "\(net.name)")
            #expect(abs(try cpu.latencyMs(net.config) - specCPU[index]) < 0.06, "\(net.name)")
        }
    }

    /// The sum against an independent walk: read each active layer's key straight from the JSON file.
    @Test func sumIsTheSumOfTheActiveLayersMeans() throws {
        let url = try SharedData.url("data/dynamic-ofa/latency-tables/gpu/192.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: Any]])
        let config = try SubnetConfig(ks: Array(repeating: 5, count: 20), e: Array(repeating: 4, count: 20),
                                      d: [2, 3, 4, 2, 3], r: 192)
        let keys = LatencyTableKeys.keys(for: config, width: .w1_2)
        #expect(keys.count == 2 + (2 + 3 + 4 + 2 + 3) + 4)
        let reference = try keys.reduce(0.0) { sum, key in
            sum + (try #require(object[key]?["mean"] as? Double, "\(key)"))
        }
        #expect(abs(try Self.table("gpu").latencyMs(config) - reference) < 1e-12)
    }

    @Test func missingKeyIsNamedWithItsResolution() throws {
        let source = try SharedData.url("data/dynamic-ofa/latency-tables/gpu")
        let folder = try TemporaryDirectory("lut")
        for resolution in [160, 176] {
            try FileManager.default.copyItem(at: source.appendingPathComponent("\(resolution).json"),
                                             to: folder.file("\(resolution).json"))
        }
        let victim = folder.file("176.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: victim)) as? [String: Any])
        let key = "Conv_1-input:6x6x192-output:6x6x1152"
        #expect(object.removeValue(forKey: key) != nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: victim.path)
        try JSONSerialization.data(withJSONObject: object).write(to: victim)
        #expect(throws: LatencyTableError.missingKey(resolution: 176, key: key, source: folder.path)) {
            try LatencyTable(dynamicOFADirectory: folder.url)
        }
        let message = LatencyTableError.missingKey(resolution: 176, key: key, source: folder.path).description
        #expect(message.contains("176") && message.contains(key))
    }

    @Test func resolutionOutsideTheTableIsAnError() throws {
        let gpu = try Self.table("gpu")
        let config = try SubnetConfig.uniform(kernelSize: 3, expandRatio: 3, depth: 2, resolution: 128)
        #expect(throws: LatencyTableError.self) { try gpu.latencyMs(config) }
    }

    @Test func notATableFolderIsAnError() throws {
        let folder = try TemporaryDirectory("lut-empty")
        #expect(throws: LatencyTableError.self) { try LatencyTable(dynamicOFADirectory: folder.url) }
        try Data("{\"x\": 1".utf8).write(to: folder.file("160.json"))
        #expect(throws: LatencyTableError.self) { try LatencyTable(dynamicOFADirectory: folder.url) }
    }
}

/// The 13 published Dynamic-OFA library nets from the shared data, in the spec's table order (nets_6, nets_7).
enum PublishedNets {
    static func load() throws -> [PublishedSubnet] {
        try PublishedSubnet.load(json: SharedData.url("data/dynamic-ofa/library.json"))
    }
}
