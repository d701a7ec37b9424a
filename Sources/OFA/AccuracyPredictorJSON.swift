import Foundation

extension AccuracyPredictor {
    /// Reads the JSON export of the Dynamic-OFA predictor (`{key: {"shape": [...], "data": [row-major]}}`, the
    /// format of the shared data's `accuracy-predictor.json`).
    public init(dynamicOFAJSON url: URL) throws(AccuracyPredictorError) {
        try self.init(tensors: Self.readDynamicOFAJSON(url), source: url.path)
    }

    /// The tensors of a Dynamic-OFA JSON export, by state-dict key.
    public static func readDynamicOFAJSON(_ url: URL) throws(AccuracyPredictorError) -> [String: NamedTensor] {
        let source = url.path
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw .unreadable(source: source, problem: "not a JSON file (\(error.localizedDescription))")
        }
        guard let entries = object as? [String: Any] else {
            throw .unreadable(source: source, problem: "the top level is not an object of tensors")
        }
        var tensors: [String: NamedTensor] = [:]
        for (key, entry) in entries {
            guard let fields = entry as? [String: Any],
                  let shape = fields["shape"] as? [Int],
                  let data = fields["data"] as? [NSNumber]
            else { throw .unreadable(source: source, problem: "tensor '\(key)' lacks an integer 'shape' or numeric 'data'") }
            tensors[key] = NamedTensor(shape: shape, values: data.map(\.floatValue))
        }
        return tensors
    }
}
