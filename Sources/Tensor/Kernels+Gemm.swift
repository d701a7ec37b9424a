import CBLAS

extension Kernels {
    /// C ← alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS's `cblas_sgemm`.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, C is `m × n`; `lda`, `ldb`, `ldc` are the row strides (in floats)
    /// of A, B and C as stored (so `lda ≥ k` without transpose, `lda ≥ m` with it).
    ///
    /// The product is cut into blocks (`GemmBlocking`), each a single-threaded sgemm, shared over
    /// `Threading.threadCount` threads: on MobileNetV3's pointwise shapes this beats OpenBLAS's own threading,
    /// which often loses to one thread there. Results do not depend on the thread count.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        let blocking = GemmBlocking(m: m, n: n, k: k)
        blocking.forEachBlock(flops: 2 * m * n * k) { block in
            switch blocking.axis {
            case .columns:
                serialGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: block.count, k: k,
                           alpha: alpha, a: a, lda: lda,
                           b: b + (transposeB ? block.lowerBound * ldb : block.lowerBound), ldb: ldb,
                           beta: beta, c: c + block.lowerBound, ldc: ldc)
            case .rows:
                serialGemm(transposeA: transposeA, transposeB: transposeB, m: block.count, n: n, k: k,
                           alpha: alpha, a: a + (transposeA ? block.lowerBound : block.lowerBound * lda), lda: lda,
                           b: b, ldb: ldb, beta: beta, c: c + block.lowerBound * ldc, ldc: ldc)
            }
        }
    }

    /// One `cblas_sgemm` call on the calling thread (OpenBLAS is kept at one thread; see `Threading`).
    static func serialGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)),
            beta, c, Int32(max(ldc, 1)))
    }
}
