#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccuracyPredictor {
    /// Reads the JSON export of the Dynamic-OFA predictor (`{key: {"shape": [...], "data": [row-major]}}`, the
    /// format of the shared data's `accuracy-predictor.json`).
    public init(dynamicOFAJSON url: URL) throws(AccuracyPredictorError) {
        try self.init(tensors: Self.readDynamicOFAJSON(url), source: url.path)
    }

    /// The tensors of a Dynamic-OFA JSON export, by state-dict key.
    public static func readDynamicOFAJSON(_ url: URL) throws(AccuracyPredictorError) -> [String: NamedTensor] {
        let source = url.path
        let object: JSONValue
        do {
            object = try JSONValue.read(url)
        } catch {
            throw .unreadable(source: source, problem: "not a JSON file (\(error))")
        }
        guard let entries = object.object else {
            throw .unreadable(source: source, problem: "the top level is not an object of tensors")
        }
        var tensors: [String: NamedTensor] = [:]
        for (key, entry) in entries {
            guard let fields = entry.object,
                  let shape = fields["shape"]?.intArray,
                  let data = fields["data"]?.doubleArray
            else { throw .unreadable(source: source, problem: "tensor '\(key)' lacks an integer 'shape' or numeric 'data'") }
            tensors[key] = NamedTensor(shape: shape, values: data.map { Float($0) })
        }
        return tensors
    }
}
