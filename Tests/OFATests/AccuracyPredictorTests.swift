import Foundation
import OFA
import Testing
import TestSupport

/// The predictor against the spec's numbers (section 10) and the shared export of the 13 library nets.
@Suite struct AccuracyPredictorTests {
    /// Parsed once per test process (the JSON export is 5 MB).
    static let cachedPredictor = Result<AccuracyPredictor, any Error> {
        try AccuracyPredictor(dynamicOFAJSON: SharedData.url("data/dynamic-ofa/accuracy-predictor.json"))
    }

    static func sharedPredictor() throws -> AccuracyPredictor {
        try cachedPredictor.get()
    }

    @Test func reproducesTheSpecReferencePoints() throws {
        let predictor = try Self.sharedPredictor()
        // Spec section 10: ks7/e6/d4@224 → 0.8359, ks3/e3/d2@160 → 0.7531, and the smallest at r=128 → 0.767.
        #expect(abs(predictor.predict(.largest) - 0.8359) < 5e-5)
        #expect(abs(predictor.predict(.smallest) - 0.7531) < 5e-5)
        let smallest128 = try SubnetConfig.uniform(kernelSize: 3, expandRatio: 3, depth: 2, resolution: 128)
        #expect(abs(predictor.predict(smallest128) - 0.767) < 5e-4)
    }

    @Test func reproducesTheLibraryNetsPredictions() throws {
        let predictor = try Self.sharedPredictor()
        let nets = try PublishedNets.load()
        #expect(nets.count == 13)
        let batch = predictor.predict(nets.map(\.config))
        for (net, batched) in zip(nets, batch) {
            let single = predictor.predict(net.config)
            // The export's derived value is PyTorch's float32 output.
            let reference = try #require(net.derivedPredictorOutput)
            #expect(abs(single - reference) < 1e-6, "\(net.name): \(single) vs \(reference)")
            #expect(abs(batched - single) < 1e-6)
        }
        // The spec's first table row, to its four decimals.
        #expect(abs(predictor.predict(nets[0].config) - 0.7869) < 5e-5)
    }

    @Test func encodingMatchesTheSpecLayout() throws {
        let config = try SubnetConfig(ks: [3, 5, 7, 7] + Array(repeating: 3, count: 16),
                                      e: [6, 4, 3, 3] + Array(repeating: 3, count: 16),
                                      d: [3, 2, 2, 2, 2], r: 176)
        let features = AccuracyPredictorEncoding.features(config)
        #expect(features.count == 128)
        #expect(features.reduce(0, +) == Float(11 + 11 + 1))   // 11 active blocks, kernel + expand, + resolution
        #expect(features[0] == 1 && features[3 + 1] == 1 && features[6 + 2] == 1)
        #expect(features[9..<12].allSatisfy { $0 == 0 })        // block 3 (stage 1, position 3) is skipped by d=3
        #expect(features[60 + 2] == 1 && features[63 + 1] == 1 && features[66 + 0] == 1)
        #expect(features[120 + (176 - 112) / 16] == 1)
    }

    @Test func wrongShapeIsNamed() throws {
        var tensors = Self.randomTensors()
        tensors["2.weight"] = .init(shape: [400, 399], values: Array(repeating: 0, count: 400 * 399))
        #expect(throws: AccuracyPredictorError.wrongShape(key: "2.weight", expected: [400, 400], found: [400, 399],
                                                          source: "p.h5")) {
            try AccuracyPredictor(tensors: tensors, source: "p.h5")
        }
        tensors = Self.randomTensors()
        tensors["6.bias"] = nil
        #expect(throws: AccuracyPredictorError.missingKey(key: "6.bias", source: "p.h5")) {
            try AccuracyPredictor(tensors: tensors, source: "p.h5")
        }
        tensors = Self.randomTensors()
        tensors["0.bias"]?.values[7] = .nan
        #expect(throws: AccuracyPredictorError.notFinite(key: "0.bias", index: 7, source: "p.h5")) {
            try AccuracyPredictor(tensors: tensors, source: "p.h5")
        }
        let message = AccuracyPredictorError.wrongShape(key: "2.weight", expected: [400, 400], found: [400, 399],
                                                         source: "p.h5").description
        #expect(message.contains("p.h5") && message.contains("2.weight") && message.contains("[400, 399]"))
    }

    /// Forward pass against a naive dense float64 MLP on random weights (independent of the one-hot shortcut).
    @Test func forwardMatchesNaiveDenseMLP() throws {
        let tensors = Self.randomTensors()
        let predictor = try AccuracyPredictor(tensors: tensors, source: "random")
        var generator = SearchRandomGenerator(seed: 3)
        for _ in 0..<5 {
            let config = try SubnetConfig(
                ks: (0..<20).map { _ in [3, 5, 7][Int(generator.next() % 3)] },
                e: (0..<20).map { _ in [3, 4, 6][Int(generator.next() % 3)] },
                d: (0..<5).map { _ in [2, 3, 4][Int(generator.next() % 3)] }, r: 160 + 4 * Int(generator.next() % 17))
            var x = AccuracyPredictorEncoding.features(config).map(Double.init)
            for layer in [0, 2, 4, 6] {
                let w = tensors["\(layer).weight"]!, b = tensors["\(layer).bias"]!
                let (outs, ins) = (w.shape[0], w.shape[1])
                x = (0..<outs).map { o in
                    let s = (0..<ins).reduce(Double(b.values[o])) { $0 + Double(w.values[o * ins + $1]) * x[$1] }
                    return layer == 6 ? s : max(s, 0)
                }
            }
            #expect(abs(predictor.predict(config) - x[0]) < 1e-4)
        }
    }

    /// The carried correction equals a fresh least-squares fit to the shared data, and fixes the bias.
    @Test func correctionIsTheFitToThePublishedNets() throws {
        let predictor = try Self.sharedPredictor()
        let nets = try PublishedNets.load()
        let predicted = predictor.predict(nets.map(\.config))
        let measured = nets.map(\.top1Percent)
        let fit = try #require(AccuracyCorrection.fit(predicted: predicted, measuredPercent: measured, source: "test"))
        let carried = AccuracyCorrection.dynamicOFALibrary
        #expect(abs(fit.slope - carried.slope) < 1e-3)
        #expect(abs(fit.interceptPercent - carried.interceptPercent) < 1e-3)
        // Residuals: mean ~0, RMS well under the raw predictor's 5–7 point bias.
        let residuals = zip(predicted, measured).map { carried.top1Percent(predicted: $0) - $1 }
        let rms = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
        #expect(abs(residuals.reduce(0, +) / Double(residuals.count)) < 0.01)
        #expect(rms < 0.6 && residuals.allSatisfy { abs($0) < 1.0 })
        let rawBias = zip(predicted, measured).map { 100 * $0 - $1 }
        #expect(rawBias.allSatisfy { $0 > 4 && $0 < 7 })
        // Least squares against a closed form on exact data: y = 2x + 3.
        let exact = try #require(AccuracyCorrection.fit(predicted: [0, 1, 2], measuredPercent: [3, 5, 7], source: "x"))
        #expect(abs(exact.slope - 2) < 1e-12 && abs(exact.interceptPercent - 3) < 1e-12)
        #expect(AccuracyCorrection.fit(predicted: [1, 1], measuredPercent: [2, 3], source: "x") == nil)
    }

    /// `Experiments/tools/convert_predictor.py` (h5py) writes a file this loader reads to identical predictions.
    @Test func pythonConverterOutputLoads() throws {
        let json = try SharedData.url("data/dynamic-ofa/accuracy-predictor.json")
        let folder = try TemporaryDirectory("convert-predictor")
        let out = folder.file("predictor.h5").path
        let script = SharedData.repositoryRoot.appendingPathComponent("Experiments/tools/convert_predictor.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, json.path, out]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "convert_predictor.py failed (needs python3 with h5py): \(message)")
        let converted = try AccuracyPredictor.load(path: out)
        let reference = try AccuracyPredictor(dynamicOFAJSON: json)
        let configs = try PublishedNets.load().map(\.config) + [.largest, .smallest]
        #expect(converted.predict(configs) == reference.predict(configs))
    }

    static func randomTensors() -> [String: AccuracyPredictor.NamedTensor] {
        var generator = SearchRandomGenerator(seed: 11)
        var tensors: [String: AccuracyPredictor.NamedTensor] = [:]
        for (key, shape) in AccuracyPredictor.expectedShapes {
            let count = shape.reduce(1, *)
            let values = (0..<count).map { _ in Float(Double(generator.next() % 2000) / 1000 - 1) * 0.1 }
            tensors[key] = .init(shape: shape, values: values)
        }
        return tensors
    }
}
