import Environment
import Foundation

/// The scenarios of the demo: the GPU-inference scenarios of `Experiments/scenarios`, the `train/` split to learn
/// on and the `eval/` split (held out: other targets and co-runner timings) to judge on.
struct DemoScenarios {
    struct Empty: Error, CustomStringConvertible {
        let folder: String
        let split: String
        var description: String { "\(folder): no \(split) scenario for GPU inference on the Xavier NX" }
    }

    /// Training scenario files (paths, sorted).
    let trainingPaths: [String]
    /// Held-out scenarios, in file order.
    let heldOut: [Scenario]

    /// Loads `folder`/train and `folder`/eval, keeping the scenarios for `platform` with inference on `device`.
    static func load(folder: URL, platform: String, device: Scenario.Device) throws -> DemoScenarios {
        func files(_ split: String) throws -> [(path: String, scenario: Scenario)] {
            let splitFolder = folder.appendingPathComponent(split)
            let names = try FileManager.default.contentsOfDirectory(atPath: splitFolder.path)
                .filter { $0.hasSuffix(".json") }.sorted()
            let loaded = try names.map { name -> (path: String, scenario: Scenario) in
                let url = splitFolder.appendingPathComponent(name)
                return (url.path, try Scenario.load(from: url))
            }
            let kept = loaded.filter { $0.scenario.platform == platform && $0.scenario.device == device }
            guard !kept.isEmpty else { throw Empty(folder: splitFolder.path, split: split) }
            return kept
        }
        let train = try files("train")
        let eval = try files("eval")
        return DemoScenarios(trainingPaths: train.map(\.path), heldOut: eval.map(\.scenario))
    }
}
