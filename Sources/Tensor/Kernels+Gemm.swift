import CBLAS

extension Kernels {
    /// C ← alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS's `cblas_sgemm`.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, C is `m × n`; `lda`, `ldb`, `ldc` are the row strides (in floats)
    /// of A, B and C as stored (so `lda ≥ k` without transpose, `lda ≥ m` with it).
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
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }
}
