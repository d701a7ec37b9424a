import Testing
@testable import Tensor

@Suite("Kernels.gemm")
struct GemmTests {
    /// Runs the kernel on arrays: C ← alpha·op(A)·op(B) + beta·C.
    static func run(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                    a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int) -> [Float] {
        var c = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Kernels.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                 a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                 beta: beta, c: c.baseAddress!, ldc: ldc)
                }
            }
        }
        return c
    }

    @Test("matches the naive product on random shapes, transposes, strides, alpha and beta",
          arguments: 0..<24)
    func randomShapes(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 101)
        // Mostly odd small sizes, a few big enough to be split across threads.
        let big = seed % 6 == 5
        let m = big ? random.int(in: 40...97) : random.int(in: 1...37)
        let n = big ? random.int(in: 700...1301) : random.int(in: 1...41)
        let k = big ? random.int(in: 16...161) : random.int(in: 1...29)
        let transposeA = seed % 2 == 1, transposeB = (seed / 2) % 2 == 1
        let lda = (transposeA ? m : k) + random.int(in: 0...3)
        let ldb = (transposeB ? k : n) + random.int(in: 0...3)
        let ldc = n + random.int(in: 0...2)
        let alpha: Float = [1, -0.5, 2][seed % 3]
        let beta: Float = [0, 1, 0.25][(seed / 3) % 3]
        let a = random.floats((transposeA ? k : m) * lda)
        let b = random.floats((transposeB ? n : k) * ldb)
        let c0 = random.floats(m * ldc)

        let product = Reference.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                     a: a, lda: lda, b: b, ldb: ldb)
        var expected = Reference.Values(values: [], magnitudes: [])
        var actualRows: [Float] = []
        let (one, two) = withOneAndTwoThreads {
            Self.run(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                     a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c0, ldc: ldc)
        }
        for i in 0..<m {
            for j in 0..<n {
                let old = Double(c0[i * ldc + j])
                expected.values.append(Double(alpha) * product.values[i * n + j] + Double(beta) * old)
                expected.magnitudes.append(abs(Double(alpha)) * product.magnitudes[i * n + j] + abs(Double(beta) * old))
                actualRows.append(one[i * ldc + j])
            }
            // Padding columns of C beyond n are never written.
            for j in n..<ldc { #expect(one[i * ldc + j] == c0[i * ldc + j] && two[i * ldc + j] == c0[i * ldc + j]) }
        }
        expectClose(actualRows, expected, "gemm \(m)×\(n)×\(k) tA=\(transposeA) tB=\(transposeB)")
        #expect(one == two, "1 and 2 threads differ")
    }

    @Test("a zero-sized product leaves C untouched")
    func emptyProduct() {
        let c: [Float] = [3, 4]
        let result = Self.run(transposeA: false, transposeB: false, m: 0, n: 2, k: 3, alpha: 1,
                              a: [0], lda: 3, b: [1, 2, 3, 4, 5, 6], ldb: 2, beta: 0, c: c, ldc: 2)
        #expect(result == c)
    }
}
