import HDF5Reader

// Weights are read with the pure-Swift HDF5 reader (no libhdf5), so that `tandemd --weights` stays light;
// `SupernetWeights.write(path:)` (module OFA) writes them through libhdf5.

extension SupernetWeights {
    /// Root attribute naming the width multiplier (1.0 or 1.2) in a weights file.
    public static let widthAttribute = "width_mult"
    /// `format` attribute Tandem writes at the root of a weights file.
    public static let fileFormat = "tandem-ofa-supernet"

    /// Loads a weights file: one float dataset per OFA state-dict key, old (`blocks.N.mobile_inverted_conv.…`) or
    /// new (`blocks.N.conv.…`) naming, verbatim or with '.' mapped to '/'. The width comes from the root attribute
    /// `width_mult`, else from `width`, else from the stem's channel count. Every tensor is checked for presence,
    /// shape and finite values; errors name the file, the key and the expected/found shape.
    public static func load(path: String, width: SupernetWidth? = nil) throws(SupernetWeightsError) -> SupernetWeights {
        do {
            let root = try HDF5ReadOnlyFile.open(path).root
            let architecture = SupernetArchitecture.of(try fileWidth(root, path: path, hint: width))
            var tensors: [String: (shape: [Int], values: [Float])] = [:]
            for entry in SupernetStateDict(architecture).tensorEntries {
                let candidates = [entry.key, SupernetStateDict.newStyleKey(entry.key)]
                guard let name = (candidates + candidates.map { $0.replacingDots() }).first(where: { root.contains($0) })
                else { throw SupernetWeightsError.missingKey(key: entry.key, source: path) }
                let dataset = try root.dataset(name)
                guard dataset.shape == entry.shape else {
                    throw SupernetWeightsError.wrongShape(key: entry.key, expected: entry.shape, found: dataset.shape, source: path)
                }
                tensors[entry.key] = (dataset.shape, try dataset.read(as: Float.self).values)
            }
            return try SupernetWeights(architecture: architecture, tensors: tensors, source: path)
        } catch let error as SupernetWeightsError {
            throw error
        } catch {
            throw .file(path: path, problem: "\(error)")
        }
    }

    private static func fileWidth(_ root: HDF5ReadOnlyGroup, path: String, hint: SupernetWidth?) throws -> SupernetWidth {
        if root.hasAttribute(widthAttribute) {
            let text: String
            switch try root.attribute(widthAttribute) {
            case let .double(value)?: text = "\(value)"
            case let .string(value)?: text = value
            case let .int(value)?: text = "\(value)"
            default: text = "(unreadable)"
            }
            guard let width = SupernetWidth(parsing: text) else {
                throw SupernetWeightsError.unknownWidth(found: text, source: path)
            }
            return width
        }
        if let hint { return hint }
        // No attribute and no hint: the stem's channel count tells the widths apart (16 vs 24).
        for name in ["first_conv.conv.weight", "first_conv/conv/weight"] where root.contains(name) {
            let channels = try root.dataset(name).shape.first ?? 0
            if let width = SupernetWidth.allCases.first(where: { SupernetArchitecture.of($0).stemChannels == channels }) {
                return width
            }
        }
        throw SupernetWeightsError.unknownWidth(found: "(no '\(widthAttribute)' attribute, no usable first_conv.conv.weight)",
                                                source: path)
    }
}

extension String {
    /// `a.b.c` → `a/b/c` (the nested-group spelling of a state-dict key).
    fileprivate func replacingDots() -> String { split(separator: ".").joined(separator: "/") }
}
