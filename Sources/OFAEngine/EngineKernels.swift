import Synchronization
import Tensor

/// Engine-specific fused loops for the supernet's hot paths, written for the shapes OFA uses (odd k ≤ 7, stride 1
/// or 2, "same" padding) and checked in the tests against Tensor's plain kernels:
/// * a row-accumulating depthwise convolution (each output row starts at the bias and receives k² shifted,
///   auto-vectorised multiply-adds; the border is handled by clipping the column range, not per tap) with the
///   activation fused;
/// * the epilogue of a pointwise convolution (bias, activation and the residual add in one pass);
/// * a pointwise convolution (GEMM) split over columns or rows into parts, each part running a single-threaded
///   GEMM followed by its share of the epilogue, for when OpenBLAS itself runs on one thread;
/// all split into `threads` parts (on 2 cores, one fork-join per layer instead of OpenBLAS's spinning pool
/// competing with the other kernels' threads).
enum EngineKernels {
    /// Zero border kept around every depthwise input plane: the largest kernel's padding (7 / 2).
    static let border = ElasticBlockSpec.maxKernelSize / 2

    /// Side of a plane of side `size` with the zero border on both sides.
    static func paddedSide(_ size: Int) -> Int { size + 2 * border }

    /// Depthwise k×k conv with "same" padding, bias + activation fused (with `pooled`, also each output plane's
    /// mean, for squeeze-and-excite), on `channels` planes stored with a zero border of `border` (planes of
    /// `paddedSide(size)²` floats, see `activateIntoPadded`), so the loop never
    /// tests bounds. `kernel` is [channels, k, k]. Output planes are ((size−1)/s+1)², unpadded.
    static func depthwise(
        paddedInput: UnsafePointer<Float>, channels: Int, size: Int, kernel: UnsafePointer<Float>, kernelSize k: Int,
        stride: Int, bias: UnsafePointer<Float>, activation: SupernetActivation, output: UnsafeMutablePointer<Float>,
        pooled: UnsafeMutablePointer<Float>? = nil, threads: Int = Threading.threadCount
    ) {
        let outSize = SupernetArchitecture.outputSize(size, stride: stride)
        let work = channels * outSize * outSize * k * k
        parallelParts(channels, work: work, threads: threads) { range in
            depthwiseChannels(range, paddedInput: paddedInput, size: size, kernel: kernel, kernelSize: k,
                              stride: stride, bias: bias, activation: activation, output: output, pooled: pooled)
        }
    }

    /// `depthwise` on the channels `range` only, on the calling thread.
    @inline(__always)
    static func depthwiseChannels(
        _ range: Range<Int>, paddedInput: UnsafePointer<Float>, size: Int, kernel: UnsafePointer<Float>,
        kernelSize k: Int, stride: Int, bias: UnsafePointer<Float>, activation: SupernetActivation,
        output: UnsafeMutablePointer<Float>, pooled: UnsafeMutablePointer<Float>?
    ) {
        let outSize = SupernetArchitecture.outputSize(size, stride: stride)
        let side = paddedSide(size)
        for channel in range {
            depthwisePlane(paddedInput: paddedInput + channel * side * side, side: side,
                           taps: kernel + channel * k * k, kernelSize: k, stride: stride, bias: bias[channel],
                           activation: activation, output: output + channel * outSize * outSize, outSize: outSize)
            // The squeeze-and-excite pool, while the plane is still in L1.
            if let pooled { pooled[channel] = mean(output + channel * outSize * outSize, count: outSize * outSize) }
        }
    }

    /// The mean of `count` floats, summed in 16 lanes.
    static func mean(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD16<Float>()
        var index = 0
        while index + 16 <= count {
            lanes += UnsafeRawPointer(values + index).loadUnaligned(as: SIMD16<Float>.self)
            index += 16
        }
        var sum = lanes.sum()
        while index < count {
            sum += values[index]
            index += 1
        }
        return count > 0 ? sum / Float(count) : 0
    }

    /// One plane, dispatched to a loop specialised for its kernel size and stride (constant k lets the compiler
    /// unroll the taps).
    static func depthwisePlane(
        paddedInput: UnsafePointer<Float>, side: Int, taps: UnsafePointer<Float>, kernelSize k: Int, stride: Int,
        bias: Float, activation: SupernetActivation, output: UnsafeMutablePointer<Float>, outSize: Int
    ) {
        switch (k, stride) {
        case (3, 1): planeLoop(Shape<K3, S1>.self, paddedInput, side, taps, bias, activation, output, outSize)
        case (5, 1): planeLoop(Shape<K5, S1>.self, paddedInput, side, taps, bias, activation, output, outSize)
        case (7, 1): planeLoop(Shape<K7, S1>.self, paddedInput, side, taps, bias, activation, output, outSize)
        case (3, 2): planeLoop(Shape<K3, S2>.self, paddedInput, side, taps, bias, activation, output, outSize)
        case (5, 2): planeLoop(Shape<K5, S2>.self, paddedInput, side, taps, bias, activation, output, outSize)
        default: planeLoop(Shape<K7, S2>.self, paddedInput, side, taps, bias, activation, output, outSize)
        }
    }

    /// Kernel size and stride as types, so each (k, stride) pair gets its own specialised loop with constant
    /// trip counts (the compiler unrolls the taps).
    protocol Constant { static var value: Int { get } }
    enum K3: Constant { static var value: Int { 3 } }
    enum K5: Constant { static var value: Int { 5 } }
    enum K7: Constant { static var value: Int { 7 } }
    enum S1: Constant { static var value: Int { 1 } }
    enum S2: Constant { static var value: Int { 2 } }
    protocol KernelShape {
        static var kernelSize: Int { get }
        static var stride: Int { get }
    }
    enum Shape<K: Constant, S: Constant>: KernelShape {
        static var kernelSize: Int { K.value }
        static var stride: Int { S.value }
    }

    /// Pairs of rows of 32 outputs (planes at least 16 wide), else rows of 8 or 16 outputs at a time, fused multiply-adds (the package compiles OFA for the building CPU:
    /// AVX2/AVX-512 FMA on x86-64, NEON on arm64); each kernel row accumulates into its own partial sums so the
    /// additions form short independent chains instead of one k²-long dependency.
    /// Stride 2 reads planes whose rows were stored deinterleaved (even columns, then odd; see
    /// `activateIntoPadded`), so every tap is a contiguous load.
    @_specialize(where S == Shape<K3, S1>)
    @_specialize(where S == Shape<K5, S1>)
    @_specialize(where S == Shape<K7, S1>)
    @_specialize(where S == Shape<K3, S2>)
    @_specialize(where S == Shape<K5, S2>)
    @_specialize(where S == Shape<K7, S2>)
    static func planeLoop<S: KernelShape>(
        _ shape: S.Type, _ paddedInput: UnsafePointer<Float>, _ side: Int, _ taps: UnsafePointer<Float>,
        _ bias: Float, _ activation: SupernetActivation, _ output: UnsafeMutablePointer<Float>, _ outSize: Int
    ) {
        let k = S.kernelSize
        let stride = S.stride
        let shift = border - k / 2
        let evenCount = (side + 1) / 2
        /// Offset, inside a stored row, of the input column for output 0 and tap column j.
        @inline(__always) func columnOffset(_ j: Int) -> Int {
            if stride == 1 { return shift + j }
            let column = shift + j
            return column % 2 == 0 ? column / 2 : evenCount + column / 2
        }
        @inline(__always) func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
        }
        @inline(__always) func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
        }
        @inline(__always) func store16(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(pointer).storeBytes(of: activated(value, activation), as: SIMD16<Float>.self)
        }
        // Pairs of output rows, two 16-column vectors at a time: rows y and y + 1 read k + stride input rows, and
        // each loaded input vector feeds both rows' sums (tap row r of row y, tap row r − stride of row y + 1):
        // half the loads per multiply-add of one row at a time, and four independent sums. The last column block
        // is shifted left to end at the row's end, and in rows of 16…31 outputs the second vector overlaps the
        // first (overlapping outputs are recomputed with identical values). Narrower planes go row by row.
        var pairedRows = 0
        if outSize >= 16 {
            // Offset of the second vector in a block, and the block's width.
            let second = min(16, outSize - 16)
            let blockWidth = second + 16
            var y = 0
            while y + 2 <= outSize {
                let top = paddedInput + (y * stride + shift) * side
                let row0 = output + y * outSize
                let row1 = row0 + outSize
                var x = 0
                while x < outSize {
                    let start = min(x, outSize - blockWidth)
                    var a0 = SIMD16<Float>(repeating: bias), b0 = SIMD16<Float>(repeating: bias)
                    var a1 = SIMD16<Float>(repeating: bias), b1 = SIMD16<Float>(repeating: bias)
                    for r in 0..<(k + stride) {
                        let line = top + r * side + start
                        var pa0 = SIMD16<Float>(), pb0 = SIMD16<Float>(), pa1 = SIMD16<Float>(), pb1 = SIMD16<Float>()
                        for j in 0..<k {
                            let source = line + columnOffset(j)
                            let v0 = load16(source)
                            let v1 = load16(source + second)
                            if r < k {
                                let weight = taps[r * k + j]
                                pa0 = pa0.addingProduct(v0, weight)
                                pa1 = pa1.addingProduct(v1, weight)
                            }
                            if r >= stride {
                                let weight = taps[(r - stride) * k + j]
                                pb0 = pb0.addingProduct(v0, weight)
                                pb1 = pb1.addingProduct(v1, weight)
                            }
                        }
                        a0 += pa0; b0 += pb0; a1 += pa1; b1 += pb1
                    }
                    store16(a0, row0 + start)
                    store16(a1, row0 + start + second)
                    store16(b0, row1 + start)
                    store16(b1, row1 + start + second)
                    x += blockWidth
                }
                y += 2
            }
            pairedRows = y
        }
        // Planes of 8…15 columns: pairs of rows, one vector per row. A row's 16-lane store runs into the next
        // row, which is stored after it (rows go in order); the plane's last row is stored lane by lane so that
        // nothing past the plane is written.
        if outSize >= 8 && outSize < 16 {
            var y = 0
            while y + 2 <= outSize {
                let top = paddedInput + (y * stride + shift) * side
                var a = SIMD16<Float>(repeating: bias), b = SIMD16<Float>(repeating: bias)
                for r in 0..<(k + stride) {
                    let line = top + r * side
                    var pa = SIMD16<Float>(), pb = SIMD16<Float>()
                    for j in 0..<k {
                        let v = load16(line + columnOffset(j))
                        if r < k { pa = pa.addingProduct(v, taps[r * k + j]) }
                        if r >= stride { pb = pb.addingProduct(v, taps[(r - stride) * k + j]) }
                    }
                    a += pa; b += pb
                }
                let row0 = output + y * outSize
                store16(a, row0)
                if y + 2 < outSize {
                    store16(b, row0 + outSize)
                } else {
                    let last = activated(b, activation)
                    for lane in 0..<outSize { row0[outSize + lane] = last[lane] }
                }
                y += 2
            }
            pairedRows = y
        }
        // The odd last row, and every row of planes narrower than 8: one row at a time.
        for y in pairedRows..<outSize {
            let row = output + y * outSize
            let top = paddedInput + (y * stride + shift) * side
            var x = 0
            while x + 16 <= outSize {
                var sum0 = SIMD8<Float>(repeating: bias)
                var sum1 = SIMD8<Float>(repeating: bias)
                for i in 0..<k {
                    let line = top + i * side + x
                    var part0 = SIMD8<Float>()
                    var part1 = SIMD8<Float>()
                    for j in 0..<k {
                        let weight = taps[i * k + j]
                        let source = line + columnOffset(j)
                        part0 = part0.addingProduct(load(source), weight)
                        part1 = part1.addingProduct(load(source + 8), weight)
                    }
                    sum0 += part0
                    sum1 += part1
                }
                UnsafeMutableRawPointer(row + x).storeBytes(of: activated(sum0, activation), as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(row + x + 8).storeBytes(of: activated(sum1, activation), as: SIMD8<Float>.self)
                x += 16
            }
            while x < outSize {
                var sum = SIMD8<Float>(repeating: bias)
                for i in 0..<k {
                    let line = top + i * side + x
                    var part = SIMD8<Float>()
                    for j in 0..<k { part = part.addingProduct(load(line + columnOffset(j)), taps[i * k + j]) }
                    sum += part
                }
                sum = activated(sum, activation)
                let remaining = outSize - x
                if remaining >= 8 {
                    UnsafeMutableRawPointer(row + x).storeBytes(of: sum, as: SIMD8<Float>.self)
                } else {
                    for lane in 0..<remaining { row[x + lane] = sum[lane] }
                }
                x += 8
            }
        }
    }

    @inline(__always)
    static func activated(_ value: SIMD16<Float>, _ activation: SupernetActivation) -> SIMD16<Float> {
        switch activation {
        case .relu:
            return value.replacing(with: 0, where: value .< 0)
        case .hardSwish:
            var gate = value + 3
            gate = gate.replacing(with: 0, where: gate .< 0)
            gate = gate.replacing(with: 6, where: gate .> 6)
            return value * gate / 6
        }
    }

    @inline(__always)
    static func activated(_ value: SIMD8<Float>, _ activation: SupernetActivation) -> SIMD8<Float> {
        switch activation {
        case .relu:
            return value.replacing(with: 0, where: value .< 0)
        case .hardSwish:
            var gate = value + 3
            gate = gate.replacing(with: 0, where: gate .< 0)
            gate = gate.replacing(with: 6, where: gate .> 6)
            return value * gate / 6
        }
    }

    /// `padded[c] = act(source[c] + bias[c])` (bias and activation optional) written inside a zero border of
    /// `border`: `source` is [channels, size, size], `padded` is [channels, paddedSide(size)²]. With
    /// `deinterleaved` (for a stride-2 depthwise conv) each padded row is stored as its even columns followed by
    /// its odd columns.
    static func activateIntoPadded(
        _ source: UnsafePointer<Float>, channels: Int, size: Int, bias: UnsafePointer<Float>?,
        activation: SupernetActivation?, padded: UnsafeMutablePointer<Float>, deinterleaved: Bool = false,
        threads: Int = Threading.threadCount
    ) {
        let side = paddedSide(size)
        parallelParts(channels, work: channels * side * side, threads: threads) { range in
            padChannels(range, source, size: size, bias: bias, activation: activation, padded: padded,
                        deinterleaved: deinterleaved)
        }
    }

    /// `activateIntoPadded` on the channels `range` only, on the calling thread.
    @inline(__always)
    static func padChannels(
        _ range: Range<Int>, _ source: UnsafePointer<Float>, size: Int, bias: UnsafePointer<Float>?,
        activation: SupernetActivation?, padded: UnsafeMutablePointer<Float>, deinterleaved: Bool
    ) {
        let side = paddedSide(size)
        let evenCount = (side + 1) / 2
        for channel in range {
            let target = padded + channel * side * side
            let plane = source + channel * size * size
            let shift = bias?[channel] ?? 0
            target.update(repeating: 0, count: border * side)
            for y in 0..<size {
                let line = target + (border + y) * side
                let input = plane + y * size
                if deinterleaved {
                    // Padded column c goes to c / 2 (even c) or evenCount + c / 2 (odd c).
                    line.update(repeating: 0, count: side)
                    // Padded column border + x: even for odd x (border is odd), odd for even x.
                    let evens = line + (border + 1) / 2
                    let odds = line + evenCount + border / 2
                    var x = 1
                    while x < size { evens[x / 2] = activated(input[x] + shift, activation); x += 2 }
                    x = 0
                    while x < size { odds[x / 2] = activated(input[x] + shift, activation); x += 2 }
                    continue
                }
                line.update(repeating: 0, count: border)
                let inner = line + border
                for x in 0..<size { inner[x] = input[x] + shift }
                if let activation { activate(inner, count: size, activation) }
                (inner + size).update(repeating: 0, count: border)
            }
            (target + (border + size) * side).update(repeating: 0, count: border * side)
        }
    }

    /// One value through an optional activation.
    @inline(__always)
    static func activated(_ value: Float, _ activation: SupernetActivation?) -> Float {
        switch activation {
        case .relu?: max(value, 0)
        case .hardSwish?: value * min(max(value + 3, 0), 6) / 6
        case nil: value
        }
    }

    /// After a GEMM into `data` ([channels, spatial]): `data = act(data + bias[c]) (+ residual)` in one pass.
    static func epilogue(
        _ data: UnsafeMutablePointer<Float>, channels: Int, spatial: Int, bias: UnsafePointer<Float>,
        activation: SupernetActivation?, residual: UnsafePointer<Float>?, threads: Int = Threading.threadCount
    ) {
        parallelParts(channels, work: channels * spatial, threads: threads) { range in
            epilogue(data, rows: range, columns: 0..<spatial, rowLength: spatial, bias: bias, activation: activation,
                     residual: residual)
        }
    }

    /// The epilogue on a block of rows × columns of a [rows, rowLength] matrix.
    @inline(__always)
    static func epilogue(
        _ data: UnsafeMutablePointer<Float>, rows: Range<Int>, columns: Range<Int>, rowLength: Int,
        bias: UnsafePointer<Float>, activation: SupernetActivation?, residual: UnsafePointer<Float>?
    ) {
        for channel in rows {
            let plane = data + channel * rowLength + columns.lowerBound
            let count = columns.count
            let shift = bias[channel]
            for index in 0..<count { plane[index] += shift }
            if let activation { activate(plane, count: count, activation) }
            if let residual {
                let source = residual + channel * rowLength + columns.lowerBound
                for index in 0..<count { plane[index] += source[index] }
            }
        }
    }

    /// 1×1 convolution `output[m, n] = Σ_k weights[m · lda + k] · input[k, n]` followed by the epilogue.
    /// With `splitGemm` the work is cut into `threads` parts (by columns when the planes are wide, else by
    /// output channels), each a separate GEMM plus its share of the epilogue; callers use it when OpenBLAS runs
    /// single-threaded. Otherwise one GEMM (threaded by OpenBLAS) and a parallel epilogue.
    static func pointwise(
        input: UnsafePointer<Float>, inputChannels: Int, spatial: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, outputChannels: Int, bias: UnsafePointer<Float>, activation: SupernetActivation?,
        residual: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, threads: Int, splitGemm: Bool
    ) {
        let work = outputChannels * spatial * inputChannels
        guard splitGemm, threads > 1, work >= 4 * minimumWorkPerThread else {
            Kernels.gemm(m: outputChannels, n: spatial, k: inputChannels, a: weights, lda: weightRowStride,
                         b: input, ldb: spatial, c: output, ldc: spatial)
            epilogue(output, channels: outputChannels, spatial: spatial, bias: bias, activation: activation,
                     residual: residual, threads: threads)
            return
        }
        if spatial >= 64 {
            let parts = min(threads, spatial / 16)
            forEachPart(parts) { part in
                let columns = Threading.columnSlice(spatial, part: part, of: parts)
                guard !columns.isEmpty else { return }
                Kernels.gemm(m: outputChannels, n: columns.count, k: inputChannels, a: weights,
                             lda: weightRowStride, b: input + columns.lowerBound, ldb: spatial,
                             c: output + columns.lowerBound, ldc: spatial)
                epilogue(output, rows: 0..<outputChannels, columns: columns, rowLength: spatial, bias: bias,
                         activation: activation, residual: residual)
            }
        } else {
            let parts = min(threads, outputChannels)
            forEachPart(parts) { part in
                let rows = (outputChannels * part / parts)..<(outputChannels * (part + 1) / parts)
                guard !rows.isEmpty else { return }
                Kernels.gemm(m: rows.count, n: spatial, k: inputChannels, a: weights + rows.lowerBound * weightRowStride,
                             lda: weightRowStride, b: input, ldb: spatial, c: output + rows.lowerBound * spatial,
                             ldc: spatial)
                epilogue(output, rows: rows, columns: 0..<spatial, rowLength: spatial, bias: bias,
                         activation: activation, residual: residual)
            }
        }
    }

    /// ReLU or h-swish in place (x · relu6(x + 3) / 6, PyTorch's order of operations).
    @inline(__always)
    static func activate(_ data: UnsafeMutablePointer<Float>, count: Int, _ activation: SupernetActivation) {
        switch activation {
        case .relu:
            for index in 0..<count { data[index] = max(data[index], 0) }
        case .hardSwish:
            for index in 0..<count {
                let x = data[index]
                data[index] = x * min(max(x + 3, 0), 6) / 6
            }
        }
    }

    /// Below this many multiply-adds a split over threads costs more than it saves.
    static let minimumWorkPerThread = 50_000

    /// Parts per thread of a split kernel (the parts are claimed one by one). More parts let a thread that arrives
    /// late (woken, or preempted on a shared machine) leave more of the work to the other, but move each part's
    /// data between cores from run to run; an interleaved A/B on the loaded 2-core VM (4 vs 1 per thread, 5
    /// rounds × 6 sub-networks) showed no gain (median ratios 0.99–1.04), so one part per thread.
    static let partsPerThread = 1

    /// Runs `body` on near-equal ranges of `0..<count`, up to `partsPerThread` per thread, each of at least
    /// `minimumWorkPerThread` of the `work`, claimed by `threads` threads (inline for small work).
    @inline(__always)
    static func parallelParts(_ count: Int, work: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(threads * partsPerThread, count, work / minimumWorkPerThread))
        if parts == 1 || threads <= 1 {
            body(0..<count)
            return
        }
        forEachPart(parts, threads: threads) { part in body((count * part / parts)..<(count * (part + 1) / parts)) }
    }

    /// `body(part)` for every part of `0..<parts`, claimed one by one by the calling thread and `threads − 1`
    /// workers (parts can outnumber threads: a thread that finishes early, or a worker that starts late, takes
    /// more of them); returns when all parts are done.
    @inline(__always)
    static func forEachPart(_ parts: Int, threads: Int, _ body: (Int) -> Void) {
        if parts <= 1 || threads <= 1 {
            for part in 0..<parts { body(part) }
            return
        }
        // The pool takes at most 255 parts per job: beyond that each job runs every 255th part.
        let jobs = min(parts, 255)
        enginePool(workers: threads - 1).run(parts: jobs) { job, _ in
            var part = job
            while part < parts {
                body(part)
                part += jobs
            }
        }
    }

    /// `body(0..<parts)` concurrently, one part per thread; returns when all parts are done.
    @inline(__always)
    static func forEachPart(_ parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 {
            body(0)
            return
        }
        // A persistent pool whose idle workers poll briefly before sleeping: back-to-back layers find them awake
        // (with concurrentPerform the second thread often arrived after the caller had finished a 50 µs layer).
        enginePool(workers: parts - 1).run(parts: parts) { part, _ in body(part) }
    }

    /// One pool per worker count, created on first use and kept for the process.
    private static let pools = Mutex<[Int: WorkerPool]>([:])

    private static func enginePool(workers: Int) -> WorkerPool {
        pools.withLock { pools in
            if let pool = pools[workers] { return pool }
            let pool = WorkerPool(workerCount: workers)
            pools[workers] = pool
            return pool
        }
    }

}

extension Threading {
    /// The `part`-th of `parts` slices of `0..<count` with boundaries on multiples of 16 columns (whole vectors).
    static func columnSlice(_ count: Int, part: Int, of parts: Int) -> Range<Int> {
        let units = (count + 15) / 16
        return min(count, units * part / parts * 16)..<min(count, units * (part + 1) / parts * 16)
    }
}
