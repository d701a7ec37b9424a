import Foundation
@testable import Platform
import TestSupport
import Testing

@Suite struct PlatformDescriptionTests {
    /// Integers of the reference's bullet that contains `marker`, after the marker (the bullet may wrap lines).
    private func referenceNumbers(after marker: String) throws -> [Int] {
        let text = String(decoding: try SharedData.data("reference/jetson-xavier-nx.md"), as: UTF8.self)
        let start = try #require(text.range(of: marker)).upperBound
        let rest = text[start...]
        let end = rest.range(of: "\n- ")?.lowerBound ?? rest.endIndex
        let bullet = rest[..<end]
        // Stop at the first sentence end after the list ("... 1907200. The step is ...").
        let list = bullet.range(of: ". ").map { bullet[..<$0.lowerBound] } ?? bullet
        return list.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.filter { $0 > 1000 }
    }

    @Test func xavierNXMatchesTheReference() throws {
        let nx = try PlatformCatalog.xavierNX()
        #expect(nx.cpu.clusters.count == 3)
        #expect(nx.allCPUs == [0, 1, 2, 3, 4, 5])
        #expect(nx.cpu.clusters.map(\.cpus) == [[0, 1], [2, 3], [4, 5]])
        let cpuTable = try referenceNumbers(after: "25 levels in kHz")
        #expect(cpuTable.count == 25)
        for cluster in nx.cpu.clusters { #expect(cluster.frequenciesKHz == cpuTable) }
        #expect(cpuTable.first == 115_200 && cpuTable.last == 1_907_200)
        let gpuHz = try referenceNumbers(after: "Levels in Hz")
        #expect(gpuHz.count == 15)
        #expect(nx.gpu?.frequenciesKHz == gpuHz.map { $0 / 1000 })
        #expect(nx.gpu?.frequenciesKHz.first == 114_750 && nx.gpu?.frequenciesKHz.last == 1_109_250)
        #expect(nx.powerRails.rails.map(\.name) == ["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"])
        #expect(nx.thermalZones.zones.map(\.name) == ["BCPU", "MCPU", "GPU", "PLL", "AO", "Tboard", "Tdiode", "PMIC", "fan-est"])
        #expect(nx.powerModes.modes.count == 9)
        #expect(nx.powerModes.modes.allSatisfy { $0.cpuMinKHz == 1_190_400 })
        #expect(nx.powerModes.note.contains("1190400"))
        let mode = try #require(nx.powerModes.modes.first { $0.name == "10W_4CORE" })
        #expect(mode.onlineCores == 4 && mode.cpuMaxKHz == 1_190_400 && mode.gpuMaxKHz == 803_250 && mode.emcMaxKHz == 1_600_000)
        #expect(nx.actuationDelays.cpuUs == 300)
        #expect(!nx.cpu.source.isEmpty && !(nx.gpu?.source.isEmpty ?? true) && !nx.powerModes.source.isEmpty)
    }

    @Test func embeddedTextEqualsTheResourceFile() throws {
        let url = SharedData.repositoryRoot.appendingPathComponent("Sources/Platform/Descriptions/xavier-nx.json")
        let file = try String(contentsOf: url, encoding: .utf8)
        let embedded = try PlatformCatalog.xavierNX()
        let fromFile = try PlatformDescription.decode(from: Data(file.utf8))
        #expect(embedded == fromFile, "EmbeddedDescriptions.swift differs from Descriptions/xavier-nx.json: regenerate it")
        #expect(EmbeddedDescriptions.xavierNX + "\n" == file, "the embedded text must equal the file byte for byte")
    }

    private func mutated(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        let url = SharedData.repositoryRoot.appendingPathComponent("Sources/Platform/Descriptions/xavier-nx.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    private func decodeError(_ data: Data) -> PlatformDescriptionError? {
        do {
            _ = try PlatformDescription.decode(from: data, origin: "test.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedDescriptionsNameTheField() throws {
        let missingName = try mutated { $0.removeValue(forKey: "name") }
        #expect(decodeError(missingName)?.field == "name")

        let descending = try mutated { object in
            var gpu = object["gpu"] as? [String: Any] ?? [:]
            gpu["frequenciesKHz"] = [114_750, 306_000, 204_000]
            object["gpu"] = gpu
        }
        let error = try #require(decodeError(descending))
        #expect(error.field == "gpu.frequenciesKHz[2]")
        #expect(error.description.contains("test.json") && error.description.contains("ascending"))

        let wrongType = try mutated { object in
            var cpu = object["cpu"] as? [String: Any] ?? [:]
            var clusters = cpu["clusters"] as? [[String: Any]] ?? []
            clusters[1]["cpus"] = "two"
            cpu["clusters"] = clusters
            object["cpu"] = cpu
        }
        #expect(decodeError(wrongType)?.field == "cpu.clusters[1].cpus")

        let badCap = try mutated { object in
            var modes = object["powerModes"] as? [String: Any] ?? [:]
            var list = modes["modes"] as? [[String: Any]] ?? []
            list[3]["gpuMaxKHz"] = 800_000
            modes["modes"] = list
            object["powerModes"] = modes
        }
        let capError = try #require(decodeError(badCap))
        #expect(capError.field == "powerModes.modes[3].gpuMaxKHz")

        let sharedCPU = try mutated { object in
            var cpu = object["cpu"] as? [String: Any] ?? [:]
            var clusters = cpu["clusters"] as? [[String: Any]] ?? []
            clusters[2]["cpus"] = [1, 4]
            cpu["clusters"] = clusters
            object["cpu"] = cpu
        }
        #expect(decodeError(sharedCPU)?.field == "cpu.clusters[2].cpus")

        let negativeDelay = try mutated { object in
            var delays = object["actuationDelays"] as? [String: Any] ?? [:]
            delays["gpuUs"] = -1
            object["actuationDelays"] = delays
        }
        #expect(decodeError(negativeDelay)?.field == "actuationDelays.gpuUs")
        #expect(decodeError(Data("{not json".utf8)) != nil)
    }

    /// 64-bit FNV-1a written out from its definition, independent of the module's implementation.
    private func naiveFNV1a(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in Array(text.utf8) { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    @Test func fingerprintCoversNameAndTablesOnly() throws {
        let nx = try PlatformCatalog.xavierNX()
        let text = PlatformFingerprint.canonicalText(nx)
        #expect(text.hasPrefix("xavier-nx;cpu=0,1:115200,192000,"))
        #expect(nx.fingerprint == "xavier-nx:" + naiveFNV1a(text))
        var relabelled = nx
        relabelled.powerRails.source = "elsewhere"
        relabelled.cpu.clusters[0].policyPath = "/elsewhere"
        #expect(relabelled.fingerprint == nx.fingerprint)
        var otherBoard = nx
        otherBoard.gpu?.frequenciesKHz.removeLast()
        #expect(otherBoard.fingerprint != nx.fingerprint)
        var renamed = nx
        renamed.name = "xavier-agx"
        #expect(renamed.fingerprint != nx.fingerprint)
    }

    @Test func unknownPlatformIsRefusedByName() {
        #expect(throws: PlatformCatalog.UnknownPlatform.self) { try PlatformCatalog.description(named: "tx2") }
    }
}
