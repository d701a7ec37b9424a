import HDF5

/// The files of `tandem infer`: images in (dataset `input` [N, 3, r, r] float32), logits out (dataset `logits`
/// [N, classes] float32, written atomically).
public enum InferenceFiles {
    /// Reads dataset `input`; errors name the file and the shape found.
    public static func readImages(path: String) throws(InferenceFileError) -> (values: [Float], shape: [Int]) {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            guard file.root.contains("input") else { throw InferenceFileError(path: path, problem: "has no dataset 'input'") }
            let array = try file.root.read("input", as: Float.self)
            return (array.values, array.shape)
        } catch let error as InferenceFileError {
            throw error
        } catch {
            throw InferenceFileError(path: path, problem: "\(error)")
        }
    }

    /// Writes dataset `logits` [count, classes] and the root attributes `format`, `version`, atomically.
    public static func writeLogits(_ logits: [Float], count: Int, classes: Int, path: String) throws(InferenceFileError) {
        do {
            try HDF5File.writeAtomically(to: path) { root in
                try root.setAttribute("format", "tandem-logits")
                try root.setAttribute("version", 1)
                try root.write("logits", logits, shape: [count, classes])
            }
        } catch {
            throw InferenceFileError(path: path, problem: "\(error)")
        }
    }
}

/// An input or output file of inference that cannot be used; the description names the file and the problem.
public struct InferenceFileError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
