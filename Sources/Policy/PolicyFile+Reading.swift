import HDF5Reader
import Tensor

extension PolicyFile {
    /// Reads and validates the policy at `path`. Every refusal is a `PolicyFileError` naming the file and the
    /// problem: unreadable or truncated file, another format, a newer version, a missing or misshapen part.
    public static func read(from path: String) throws(PolicyFileError) -> PolicyFile {
        let policy: PolicyFile
        do {
            policy = try parse(try HDF5ReadOnlyFile.open(path).root, path: path)
        } catch let error as PolicyFileError {
            throw error
        } catch let error as HDF5ReadError {
            throw PolicyFileError(file: path, .unreadable(error.description))
        } catch {
            throw PolicyFileError(file: path, .unreadable("\(error)"))
        }
        if let problem = policy.problem() { throw PolicyFileError(file: path, problem) }
        return policy
    }

    private static func parse(_ root: HDF5ReadOnlyGroup, path: String) throws -> PolicyFile {
        func fail(_ problem: PolicyFileError.Problem) -> PolicyFileError { PolicyFileError(file: path, problem) }
        func required(_ group: HDF5ReadOnlyGroup, _ name: String) throws -> String {
            guard let value = try group.stringAttribute(name) else { throw fail(.missing("attribute \(group.path == "/" ? "" : group.path)/\(name)")) }
            return value
        }
        func requiredGroup(_ name: String) throws -> HDF5ReadOnlyGroup {
            guard root.contains(name) else { throw fail(.missing("group /\(name)")) }
            return try root.group(name)
        }
        func headGroups(_ group: HDF5ReadOnlyGroup, nvec: [Int]) throws -> [[Int]]? {
            guard let text = try group.stringAttribute("head") else { return nil }
            guard let heads = ActionHeads(parsing: text, nvec: nvec) else {
                throw fail(.invalid(field: "attribute /actions/head",
                                    reason: "'\(text)' is not a partition of the action dimensions 0..<\(nvec.count) "
                                        + "(groups separated by ',', dimensions by '*')"))
            }
            return heads.groups
        }
        func vector<T: HDF5ReadableNumber & Equatable>(_ group: HDF5ReadOnlyGroup, _ name: String, as type: T.Type) throws -> [T] {
            guard group.contains(name) else { throw fail(.missing("dataset \(group.path)/\(name)")) }
            let array = try group.read(name, as: type)
            guard array.rank == 1 else { throw fail(.shapeMismatch(field: "\(group.path)/\(name)", expected: [-1], found: array.shape)) }
            return array.values
        }

        let format = try root.stringAttribute("format")
        guard format == PolicyFile.format else { throw fail(.wrongFormat(found: format)) }
        guard let version = try root.intAttribute("version") else { throw fail(.missing("attribute /version")) }
        guard version >= 1, version <= PolicyFile.version else {
            throw fail(.unsupportedVersion(found: version, supported: PolicyFile.version))
        }
        let modelKind = try required(root, "model")
        let seedText = try required(root, "seed")
        guard let seed = UInt64(seedText) else { throw fail(.invalid(field: "attribute /seed", reason: "'\(seedText)' is not an unsigned integer")) }
        guard let steps = try root.intAttribute("steps") else { throw fail(.missing("attribute /steps")) }
        let provenance = PolicyProvenance(
            scenario: try required(root, "scenario"), seed: seed, steps: steps, agent: try required(root, "agent"),
            tandemVersion: try required(root, "tandem_version"), date: try required(root, "date"))
        let platform = PlatformIdentity(name: try required(root, "platform"),
                                        fingerprint: try required(root, "platform_fingerprint"))

        let observation = try requiredGroup("observation")
        guard let names = try observation.stringsAttribute("names") else { throw fail(.missing("attribute /observation/names")) }
        let clip = try observation.doubleAttribute("clip") ?? 10
        let normalization = ObservationNormalization(
            mean: try vector(observation, "mean", as: Float.self), std: try vector(observation, "std", as: Float.self),
            clip: Float(clip))

        let actionGroup = try requiredGroup("actions")
        guard let dimensionNames = try actionGroup.stringsAttribute("dimension_names") else {
            throw fail(.missing("attribute /actions/dimension_names"))
        }
        let nvec = try vector(actionGroup, "nvec", as: Int.self)
        let configs = actionGroup.contains("library_configs") ? try actionGroup.readStrings("library_configs") : []
        let top1 = actionGroup.contains("library_top1_percent") ? try vector(actionGroup, "library_top1_percent", as: Float.self) : []
        let cpu = actionGroup.contains("cpu_frequencies_khz") ? try vector(actionGroup, "cpu_frequencies_khz", as: Int.self) : []
        let gpu = actionGroup.contains("gpu_frequencies_khz") ? try vector(actionGroup, "gpu_frequencies_khz", as: Int.self) : []
        let actions = ActionTables(
            dimensionNames: dimensionNames, nvec: nvec, libraryConfigs: configs, libraryTop1Percent: top1,
            cpuFrequenciesKHz: cpu, gpuFrequenciesKHz: gpu, safeAction: try vector(actionGroup, "safe_action", as: Int.self),
            headGroups: try headGroups(actionGroup, nvec: nvec))

        let model: PolicyModel
        switch modelKind {
        case "mlp":
            let network = try requiredGroup("network")
            guard let count = try network.intAttribute("layer_count"), count > 0, count <= 64 else {
                throw fail(.invalid(field: "attribute /network/layer_count", reason: "missing or not in 1...64"))
            }
            var layers: [DenseLayer] = []
            for index in 0..<count {
                let name = "layer_\(index)"
                guard network.contains(name) else { throw fail(.missing("group /network/\(name)")) }
                let group = try network.group(name)
                let activationName = try required(group, "activation")
                guard let activation = Activation(rawValue: activationName) else {
                    throw fail(.invalid(field: "/network/\(name)", reason: "unknown activation '\(activationName)'"))
                }
                guard group.contains("weight") else { throw fail(.missing("dataset /network/\(name)/weight")) }
                let weight = try group.read("weight", as: Float.self)
                guard weight.rank == 2 else {
                    throw fail(.shapeMismatch(field: "/network/\(name)/weight", expected: [-1, -1], found: weight.shape))
                }
                let bias = try vector(group, "bias", as: Float.self)
                guard bias.count == weight.shape[0] else {
                    throw fail(.shapeMismatch(field: "/network/\(name)/bias", expected: [weight.shape[0]], found: [bias.count]))
                }
                let weights = try Tensor(shape: weight.shape, values: weight.values)
                layers.append(try DenseLayer(weights: weights, bias: try Tensor(shape: [bias.count], values: bias),
                                             activation: activation))
            }
            model = .network(layers)
        case "q-table":
            let table = try requiredGroup("q_table")
            let binCounts = try vector(table, "bin_counts", as: Int.self)
            let flatEdges = try vector(table, "bin_edges", as: Float.self)
            guard binCounts.allSatisfy({ $0 >= 0 }), binCounts.reduce(0, +) == flatEdges.count else {
                throw fail(.shapeMismatch(field: "/q_table/bin_edges", expected: [binCounts.reduce(0, +)], found: [flatEdges.count]))
            }
            var edges: [[Float]] = []
            var offset = 0
            for count in binCounts {
                edges.append(Array(flatEdges[offset..<(offset + count)]))
                offset += count
            }
            guard table.contains("values") else { throw fail(.missing("dataset /q_table/values")) }
            let values = try table.read("values", as: Float.self)
            let discretization = ObservationDiscretization(edges: edges)
            if let reason = discretization.problem() { throw fail(.invalid(field: "/q_table bins", reason: reason)) }
            let expected = [discretization.stateCount, actions.heads.scoreCount]
            guard values.shape == expected else {
                throw fail(.shapeMismatch(field: "/q_table/values", expected: expected, found: values.shape))
            }
            model = .qTable(discretization: discretization, values: values.values)
        default:
            throw fail(.invalid(field: "attribute /model", reason: "unknown model '\(modelKind)' (expected mlp or q-table)"))
        }
        return PolicyFile(observationNames: names, normalization: normalization, actions: actions, model: model,
                          platform: platform, provenance: provenance)
    }
}
