import Foundation
import Testing
import TestSupport

/// `tandem bench gemm` and `tandem bench depthwise` run as real processes (one timed run each, so they stay fast).
@Suite("tandem bench gemm / depthwise")
struct BenchCommandTests {
    static func jsonObject(_ arguments: [String]) throws -> [String: Any] {
        let result = try Executables.run("tandem", arguments)
        #expect(result.status == 0, "tandem \(arguments.joined(separator: " ")): \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "stdout is one JSON object")
    }

    @Test("bench gemm --json reports every pointwise shape with positive rates")
    func gemm() throws {
        let object = try Self.jsonObject(["bench", "gemm", "--json", "--repeat", "1", "--threads", "2"])
        #expect(object["threads"] as? Int == 2)
        let shapes = try #require(object["shapes"] as? [[String: Any]])
        let triples = shapes.map { [$0["m"] as? Int ?? 0, $0["k"] as? Int ?? 0, $0["n"] as? Int ?? 0] }
        #expect(triples == [[96, 16, 12544], [144, 24, 3136], [24, 144, 3136], [240, 40, 784], [40, 240, 784],
                            [480, 80, 196], [672, 112, 196], [960, 160, 49], [160, 960, 49]])
        for shape in shapes {
            for key in ["gemm_gflops", "pointwise_gflops", "openblas_gflops", "gemm_best_ms"] {
                #expect((shape[key] as? Double ?? 0) > 0, "\(key) in \(shape)")
            }
        }
    }

    @Test("bench depthwise --json reports k 3/5/7 on every layer")
    func depthwise() throws {
        let object = try Self.jsonObject(["bench", "depthwise", "--json", "--repeat", "1"])
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 27)
        #expect(Set(layers.compactMap { $0["kernel_size"] as? Int }) == [3, 5, 7])
        #expect(Set(layers.compactMap { $0["stride"] as? Int }) == [1, 2])
        for layer in layers { #expect((layer["gb_per_s"] as? Double ?? 0) > 0) }
    }

    @Test("bad options are usage errors (exit 64)", arguments: [["--threads", "0"], ["--repeat", "x"]])
    func usageErrors(options: [String]) throws {
        for command in ["gemm", "depthwise"] {
            let result = try Executables.run("tandem", ["bench", command] + options)
            #expect(result.status == 64)
            #expect(result.stdout.isEmpty)
        }
    }
}
