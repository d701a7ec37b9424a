#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HDF5

extension AccuracyPredictor {
    /// Loads a predictor file: our HDF5 form (one float32 dataset per state-dict key, `0.weight` … `6.bias`, at the
    /// root) or, when the file is JSON, the Dynamic-OFA export. Errors name the file and the key.
    public static func load(path: String) throws(AccuracyPredictorError) -> AccuracyPredictor {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadable(source: path, problem: "no such file")
        }
        if Self.looksLikeJSON(path) {
            return try AccuracyPredictor(dynamicOFAJSON: URL(fileURLWithPath: path))
        }
        return try AccuracyPredictor(tensors: readHDF5(path: path), source: path)
    }

    /// The state-dict tensors of an HDF5 predictor file (only the keys the predictor needs are read).
    public static func readHDF5(path: String) throws(AccuracyPredictorError) -> [String: NamedTensor] {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            var tensors: [String: NamedTensor] = [:]
            for (key, _) in expectedShapes where file.root.contains(key) {
                let array = try file.root.read(key, as: Float.self)
                tensors[key] = NamedTensor(shape: array.shape, values: array.values)
            }
            return tensors
        } catch {
            throw .unreadable(source: path, problem: "\(error)")
        }
    }

    /// Writes state-dict tensors as our HDF5 predictor file (atomically), with `format`/`version` and the source.
    public static func writeHDF5(_ tensors: [String: NamedTensor], to path: String, source: String)
        throws(AccuracyPredictorError)
    {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", "tandem.accuracy-predictor")
                try root.setAttribute("version", 1)
                try root.setAttribute("source", source)
                for key in tensors.keys.sorted() {
                    guard let tensor = tensors[key] else { continue }
                    _ = try root.write(key, tensor.values, shape: tensor.shape)
                }
            }
        } catch {
            throw .unreadable(source: path, problem: "cannot write: \(error)")
        }
    }

    /// JSON starts with `{` (after white space); HDF5 with its 8-byte signature.
    static func looksLikeJSON(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 64)
        let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return head.prefix(max(0, count)).first { !" \t\r\n".utf8.contains($0) } == UInt8(ascii: "{")
    }
}
