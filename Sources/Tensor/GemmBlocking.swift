/// How a GEMM C[m×n] = A[m×k]·B[k×n] is cut into blocks, each one single-threaded sgemm call.
///
/// The blocks depend on the shape only, never on the thread count, so every thread count computes every element
/// with the same sgemm call and gives bit-identical results; threads then take contiguous runs of blocks.
///
/// - Wide products are cut into column tiles of `(m + k) × width ≈ tileFloats` (at least `minimumTileColumns`):
///   measured on MobileNetV3's pointwise shapes (2-core EPYC VM, one thread), such tiles run OpenBLAS at
///   98–116 GFLOP/s against 80–99 for one call over all columns, and keep the tile in cache for an epilogue.
///   When A is large, tiles stay few (each call packs A again).
/// - Narrow products with many rows (the 7×7 and 14×14 layers) are cut into up to `maximumRowBlocks` row blocks
///   so that two threads can share them.
/// - Anything else is one block.
struct GemmBlocking {
    enum Axis { case columns, rows }

    let axis: Axis
    let blockCount: Int
    private let extent: Int
    private let alignment: Int

    static let tileFloats = 8_192
    static let minimumTileColumns = 64
    /// Above this many floats in A, at most `maximumTilesForLargeA` column tiles.
    static let largeAFloats = 65_536
    static let maximumTilesForLargeA = 4
    static let maximumRowBlocks = 2
    /// Products below this many flops are not worth more than one call.
    static let minimumFlopsToSplit = 600_000

    init(m: Int, n: Int, k: Int) {
        let flops = 2 * m * n * k
        var tileColumns = max(Self.minimumTileColumns, Self.tileFloats / max(1, m + k))
        if m * k > Self.largeAFloats { tileColumns = max(tileColumns, n / Self.maximumTilesForLargeA) }
        if flops >= Self.minimumFlopsToSplit && n >= 4 * tileColumns {
            (axis, blockCount, extent, alignment) = (.columns, n / tileColumns, n, 16)
        } else if flops >= Self.minimumFlopsToSplit && m >= 32 {
            (axis, blockCount, extent, alignment) = (.rows, min(Self.maximumRowBlocks, m / 16), m, 8)
        } else {
            (axis, blockCount, extent, alignment) = (.columns, 1, n, 1)
        }
    }

    /// The columns (or rows, per `axis`) of block `index`.
    func block(_ index: Int) -> Range<Int> {
        Threading.slice(extent, part: index, of: blockCount, alignment: alignment)
    }

    /// Runs `body(block range)` for every block, the blocks shared out over the threads in contiguous runs.
    func forEachBlock(flops: Int, _ body: (Range<Int>) -> Void) {
        Threading.forEachPart(maximumParts: blockCount, flops: flops) { part, partCount in
            for index in Threading.slice(blockCount, part: part, of: partCount) { body(block(index)) }
        }
    }
}
