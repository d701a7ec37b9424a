import ArgumentParsing
import Foundation
import HDF5
import OFA
import Tensor

/// `tandem infer`: logits of a batch of images under one sub-network of the OFA supernet.
enum InferCommand: Command {
    static let spec = CommandSpec(
        name: "infer",
        abstract: "Run an OFA sub-network on images from an HDF5 file and write the logits.",
        discussion: """
            Reads dataset `input` [N, 3, r, r] (float32, normalised RGB, r = the sub-network's resolution) and \
            writes dataset `logits` [N, 1000] (float32), atomically. Without --weights the spec's deterministic \
            synthetic weights are used (for testing; they classify nothing).
            """,
        options: [
            .value("weights", "W.h5", "Supernet weights (one dataset per OFA state-dict key); default: synthetic."),
            .value("subnet", "CFG", "Sub-network: a JSON file {ks, e, d, r}, max, min, max@224, ks5/e4/d3@192 …",
                   required: true),
            .value("input", "X.h5", "Input images: dataset `input` [N, 3, r, r].", required: true),
            .value("output", "Y.h5", "Output file: dataset `logits` [N, 1000].", required: true),
            .value("width", "1.0|1.2", "Width multiplier when the weights file does not name one (or without weights)."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let config = try SubnetConfig.load(try arguments.required("subnet"))
        let weights = try loadWeights(arguments)
        let inputPath = try arguments.required("input")
        let outputPath = try arguments.required("output")
        let images = try InferenceFiles.readImages(path: inputPath)
        // The engine threads every layer itself; OpenBLAS stays on the calling thread (see BenchInferCommand).
        Threading.threadCount = 1
        let engine = try SupernetEngine(weights: weights, maxResolution: config.r, config: config,
                                        threadCount: Threading.defaultThreadCount)
        let logits: [Float]
        do {
            logits = try engine.infer(images.values, shape: images.shape)
        } catch {
            throw InferenceFileError(path: inputPath, problem: "dataset 'input': \(error)")
        }
        try InferenceFiles.writeLogits(logits, count: images.shape[0], classes: weights.architecture.classCount,
                                   path: outputPath)
        return 0
    }

    /// `--weights` (HDF5) or, without it, the synthetic weights of `--width` (default 1.0).
    static func loadWeights(_ arguments: ParsedArguments) throws -> SupernetWeights {
        var width: SupernetWidth?
        if let text = arguments.string("width") {
            guard let parsed = SupernetWidth(parsing: text) else {
                throw UsageError.invalidValue(option: "width", value: text, expected: "1.0 or 1.2")
            }
            width = parsed
        }
        if let path = arguments.string("weights") {
            return try SupernetWeights.load(path: path, width: width)
        }
        return .synthetic(width ?? .w1_0)
    }
}
