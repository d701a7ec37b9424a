import HDF5

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
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let root = file.root
            let architecture = SupernetArchitecture.of(try fileWidth(root, path: path, hint: width))
            var tensors: [String: (shape: [Int], values: [Float])] = [:]
            for entry in SupernetStateDict(architecture).tensorEntries {
                let candidates = [entry.key, SupernetStateDict.newStyleKey(entry.key)]
                guard let name = (candidates + candidates.map { $0.replacingDots() }).first(where: { root.contains($0) })
                else { throw SupernetWeightsError.missingKey(key: entry.key, source: path) }
                let shape = try root.datasetShape(name)
                guard shape == entry.shape else {
                    throw SupernetWeightsError.wrongShape(key: entry.key, expected: entry.shape, found: shape, source: path)
                }
                tensors[entry.key] = (shape, try root.readFloats(name))
            }
            return try SupernetWeights(architecture: architecture, tensors: tensors, source: path)
        } catch let error as SupernetWeightsError {
            throw error
        } catch {
            throw .file(path: path, problem: "\(error)")
        }
    }

    private static func fileWidth(_ root: HDF5Group, path: String, hint: SupernetWidth?) throws -> SupernetWidth {
        if try root.hasAttribute(widthAttribute) {
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
            let channels = try root.datasetShape(name).first ?? 0
            if let width = SupernetWidth.allCases.first(where: { SupernetArchitecture.of($0).stemChannels == channels }) {
                return width
            }
        }
        throw SupernetWeightsError.unknownWidth(found: "(no '\(widthAttribute)' attribute, no usable first_conv.conv.weight)",
                                                source: path)
    }

    /// Writes every tensor (old naming, verbatim keys, float32, PyTorch layout) and the root attributes
    /// `format`, `version` and `width_mult`, atomically.
    public func write(path: String) throws(SupernetWeightsError) {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", Self.fileFormat)
                try root.setAttribute("version", 1)
                try root.setAttribute(Self.widthAttribute, architecture.width.multiplier)
                for entry in SupernetStateDict(architecture).tensorEntries {
                    try root.write(entry.key, required(entry.key), shape: entry.shape)
                }
            }
        } catch {
            throw .file(path: path, problem: "\(error)")
        }
    }
}

extension String {
    /// `a.b.c` → `a/b/c` (the nested-group spelling of a state-dict key).
    fileprivate func replacingDots() -> String { split(separator: ".").joined(separator: "/") }
}
