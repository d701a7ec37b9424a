#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The OFA tutorial accuracy predictor used by Dynamic-OFA (spec section 10): an MLP
/// 128 → 400 → ReLU → 400 → ReLU → 400 → ReLU → 1 whose output is the predicted top-1 accuracy as a *fraction*
/// (on OFA's 10k-image holdout subset of ImageNet train, so optimistic against ImageNet val; see
/// `AccuracyCorrection`). There is no separate `base_acc`: the offset lives in `6.bias`.
///
/// Weights come by state-dict key (`0.weight` … `6.bias`, PyTorch layout `[out, in]`), from our HDF5 file
/// (`load(path:)`) or from the JSON export in the shared data (`AccuracyPredictor(dynamicOFAJSON:)`).
public struct AccuracyPredictor: Sendable {
    /// One tensor by name, as read from a file: its shape and row-major values.
    public struct NamedTensor: Sendable {
        public var shape: [Int]
        public var values: [Float]
        public init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }
    }

    /// The state-dict keys and shapes the predictor needs, in forward order.
    public static let expectedShapes: [(key: String, shape: [Int])] = [
        ("0.weight", [hiddenWidth, AccuracyPredictorEncoding.featureCount]), ("0.bias", [hiddenWidth]),
        ("2.weight", [hiddenWidth, hiddenWidth]), ("2.bias", [hiddenWidth]),
        ("4.weight", [hiddenWidth, hiddenWidth]), ("4.bias", [hiddenWidth]),
        ("6.weight", [1, hiddenWidth]), ("6.bias", [1]),
    ]
    public static let hiddenWidth = 400

    /// First layer stored transposed ([128][400]) so a one-hot input is a sum of contiguous rows.
    let inputWeightsTransposed: [Float]
    let inputBias: [Float]
    let hidden1: PredictorDenseLayer
    let hidden2: PredictorDenseLayer
    let outputWeights: [Float]
    let outputBias: Float

    /// Builds the predictor from named tensors; throws naming the key and the expected and found shape.
    /// `source` (a path) goes into error messages.
    public init(tensors: [String: NamedTensor], source: String) throws(AccuracyPredictorError) {
        for (key, shape) in Self.expectedShapes {
            guard let tensor = tensors[key] else { throw .missingKey(key: key, source: source) }
            guard tensor.shape == shape, tensor.values.count == shape.reduce(1, *) else {
                throw .wrongShape(key: key, expected: shape, found: tensor.shape, source: source)
            }
            if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw .notFinite(key: key, index: bad, source: source)
            }
        }
        func values(_ key: String) -> [Float] { tensors[key]?.values ?? [] }
        let width = Self.hiddenWidth
        let features = AccuracyPredictorEncoding.featureCount
        let first = values("0.weight")
        var transposed = [Float](repeating: 0, count: first.count)
        for out in 0..<width {
            for feature in 0..<features { transposed[feature * width + out] = first[out * features + feature] }
        }
        inputWeightsTransposed = transposed
        inputBias = values("0.bias")
        hidden1 = PredictorDenseLayer(weights: values("2.weight"), bias: values("2.bias"), inputs: width, outputs: width)
        hidden2 = PredictorDenseLayer(weights: values("4.weight"), bias: values("4.bias"), inputs: width, outputs: width)
        outputWeights = values("6.weight")
        outputBias = values("6.bias")[0]
    }

    /// Predicted top-1 accuracy (fraction) of one sub-network.
    public func predict(_ config: SubnetConfig) -> Double {
        predict(slots: [AccuracyPredictorEncoding.activeSlots(config)])[0]
    }

    /// Predicted top-1 accuracies (fractions) of many sub-networks at once: one matrix product per layer.
    public func predict(_ configs: [SubnetConfig]) -> [Double] {
        predict(slots: configs.map(AccuracyPredictorEncoding.activeSlots))
    }

    /// The batch forward over one-hot slot lists (see `AccuracyPredictorEncoding.activeSlots`).
    func predict(slots batch: [[Int]]) -> [Double] {
        let width = Self.hiddenWidth
        let count = batch.count
        guard count > 0 else { return [] }
        // The first layer on a one-hot input is the bias plus the weight columns of the active slots.
        var layer1 = [Float](repeating: 0, count: count * width)
        for (row, slots) in batch.enumerated() {
            let base = row * width
            for unit in 0..<width { layer1[base + unit] = inputBias[unit] }
            for slot in slots {
                let column = slot * width
                for unit in 0..<width { layer1[base + unit] += inputWeightsTransposed[column + unit] }
            }
            for unit in 0..<width { layer1[base + unit] = max(layer1[base + unit], 0) }
        }
        let layer2 = hidden1.forwardReLU(layer1, rows: count)
        let layer3 = hidden2.forwardReLU(layer2, rows: count)
        var result = [Double](repeating: 0, count: count)
        for row in 0..<count {
            let sum = PredictorDenseLayer.dot(layer3, row * width, outputWeights, 0, width)
            result[row] = Double(sum + outputBias)
        }
        return result
    }
}

/// What is wrong with a predictor file: always names the file and the key.
public enum AccuracyPredictorError: Error, Equatable, CustomStringConvertible {
    case unreadable(source: String, problem: String)
    case missingKey(key: String, source: String)
    case wrongShape(key: String, expected: [Int], found: [Int], source: String)
    case notFinite(key: String, index: Int, source: String)

    public var description: String {
        switch self {
        case let .unreadable(source, problem):
            "\(source): accuracy predictor cannot be read: \(problem)"
        case let .missingKey(key, source):
            "\(source): accuracy predictor tensor '\(key)' is missing"
        case let .wrongShape(key, expected, found, source):
            "\(source): accuracy predictor tensor '\(key)' has shape \(found), expected \(expected)"
        case let .notFinite(key, index, source):
            "\(source): accuracy predictor tensor '\(key)' has a non-finite value at flat index \(index)"
        }
    }
}
