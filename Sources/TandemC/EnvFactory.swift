import Environment
import Foundation
import OFA
import Platform

/// Builds simulated `RuntimeEnv`s from a scenario and the ABI's options: the scenario's platform from the catalog,
/// the sub-network library named by the options, and the calibrated simulator (`SimulatedBoard`). The frame model is
/// built once and shared by every copy of a batch.
struct EnvFactory {
    let scenario: Scenario
    let options: EnvOptions
    let model: PlatformFrameModel

    /// `scenarioSource` names the scenario in errors (a path, or "scenario JSON text").
    init(scenarioData: Data, scenarioSource: String, optionsJSON: String) throws(ConfigurationError) {
        do {
            scenario = try Scenario.decode(scenarioData, path: scenarioSource, knownPlatforms: Scenario.knownPlatforms)
            options = try EnvOptions(json: optionsJSON)
        } catch {
            throw ConfigurationError(String(describing: error))
        }
        guard let source = options.library else {
            throw ConfigurationError("options: a sub-network library is required: 'library' (a library.h5 from "
                                     + "`tandem search`) or 'published_library' + 'latency_tables'")
        }
        do {
            let library: SubnetLibrary
            switch source {
            case .file(let path):
                library = try SubnetLibrary.load(path: path)
            case .published(let json, let folder):
                library = try SubnetLibrary.published(json: URL(fileURLWithPath: json),
                                                      tables: try Self.latencyTables(in: folder))
            }
            let platform = try PlatformCatalog.description(named: scenario.platform)
            model = try SimulatedBoard.model(platform: platform, library: library, device: scenario.device)
        } catch {
            throw ConfigurationError(String(describing: error))
        }
    }

    /// A fresh environment over the shared model.
    func makeEnv() -> RuntimeEnv {
        RuntimeEnv(scenario: scenario, model: model, reward: options.reward)
    }

    /// One latency table per device folder (`cpu/`, `gpu/`, …) under `folder`.
    private static func latencyTables(in folder: String) throws -> [LatencyTable] {
        let url = URL(fileURLWithPath: folder)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
            throw ConfigurationError("latency_tables \(folder): cannot list the folder (\(error.localizedDescription))")
        }
        var tables: [LatencyTable] = []
        for name in names {
            var isDirectory: ObjCBool = false
            let child = url.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue {
                tables.append(try LatencyTable(dynamicOFADirectory: child))
            }
        }
        guard !tables.isEmpty else {
            throw ConfigurationError("latency_tables \(folder): no per-device folders of NNN.json tables")
        }
        return tables
    }
}

/// A scenario, options or library that cannot make an environment; the text names the file or field.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
