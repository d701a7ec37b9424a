import Tensor

/// The stem convolution (3 input channels, 3×3, stride 2, padding 1, bias, h-swish) computed directly:
/// `output[c, y, x] = hswish(bias[c] + Σ_{ci,i,j} weights[c, ci, i, j] · image[ci, 2y + i − 1, 2x + j − 1])`.
///
/// im2col + GEMM spent most of its time writing and re-reading a 27 × (r/2)² column matrix and ran OpenBLAS at
/// ≈ 9 GFLOP/s on this skinny product (K = 27). Here each output row is computed from the 9 image rows under it,
/// each copied once into a zero-padded row split into even and odd columns, so that every tap of a stride-2
/// window is a contiguous 16-lane load: a tap at padded column 2x + j reads `even[x]` (j = 0), `odd[x]` (j = 1)
/// or `even[x + 1]` (j = 2). Per 16 output columns and group of 8 output channels, 27 loads feed 216 fused
/// multiply-adds into 8 accumulators. Bands of output rows are shared by `threads` threads.
enum DirectStem {
    /// Output channels per register group.
    static let groupChannels = 8
    /// Output columns per vector.
    static let lanes = 16
    /// At most this many parts (threads), so that the engine's scratch holds every part's rows.
    static let maximumParts = 16

    /// Floats of scratch per thread for an input of side `size`: 9 rows, each as even and odd halves.
    static func scratchCount(size: Int) -> Int { 9 * 2 * rowHalfCount(size: size) }

    /// Floats of one half-row: the output columns rounded up to whole vectors, plus the one extra `even[x + 1]`.
    static func rowHalfCount(size: Int) -> Int {
        let outSize = SupernetArchitecture.outputSize(size, stride: 2)
        return (outSize + lanes - 1) / lanes * lanes + lanes
    }

    /// Runs the stem on one CHW image of `size` × `size` into `output` ([channels, s, s], s = (size − 1) / 2 + 1).
    /// `scratch` holds `maximumParts × scratchCount(size:)` floats; `weights` is [channels, 3, 3, 3].
    static func run(
        image: UnsafePointer<Float>, size: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        channels: Int, scratch: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let outSize = SupernetArchitecture.outputSize(size, stride: 2)
        guard outSize > 0, channels > 0 else { return }
        let work = channels * 27 * outSize * outSize
        let parts = max(1, min(threads * EngineKernels.partsPerThread, maximumParts, outSize,
                               work / EngineKernels.minimumWorkPerThread))
        // Parts (bands of rows, each with its own scratch) are claimed one by one by the threads.
        EngineKernels.forEachPart(parts, threads: threads) { part in
            let rows = (outSize * part / parts)..<(outSize * (part + 1) / parts)
            let rowScratch = scratch + part * scratchCount(size: size)
            for y in rows {
                outputRow(y, image: image, size: size, outSize: outSize, weights: weights, bias: bias,
                          channels: channels, scratch: rowScratch, output: output)
            }
        }
    }

    /// Output row `y` of every channel.
    @inline(__always)
    static func outputRow(
        _ y: Int, image: UnsafePointer<Float>, size: Int, outSize: Int, weights: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, channels: Int, scratch: UnsafeMutablePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        let half = rowHalfCount(size: size)
        // Row (ci, i) holds image row 2y + i − 1 of channel ci: padded column p (image column p − 1) goes to
        // even[p / 2] or odd[p / 2]; columns outside the image (and rows outside it) are zero.
        for ci in 0..<3 {
            for i in 0..<3 {
                let even = scratch + (ci * 3 + i) * 2 * half
                let odd = even + half
                let imageRow = 2 * y + i - 1
                guard imageRow >= 0, imageRow < size else {
                    even.update(repeating: 0, count: 2 * half)
                    continue
                }
                // Zero what the copy below leaves: padded column 0 and everything past the image's columns.
                even[0] = 0
                (even + size / 2 + 1).update(repeating: 0, count: half - size / 2 - 1)
                (odd + (size + 1) / 2).update(repeating: 0, count: half - (size + 1) / 2)
                let source = image + (ci * size + imageRow) * size
                // Image column c is padded column c + 1: odd c → even[(c + 1) / 2], even c → odd[c / 2]; 16
                // columns at a time by vector shuffles, the rest one by one.
                var column = 0
                while column + 16 <= size {
                    let values = UnsafeRawPointer(source + column).loadUnaligned(as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(odd + column / 2).storeBytes(of: values.evenHalf, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(even + column / 2 + 1).storeBytes(of: values.oddHalf, as: SIMD8<Float>.self)
                    column += 16
                }
                while column + 1 < size {
                    odd[column / 2] = source[column]
                    even[column / 2 + 1] = source[column + 1]
                    column += 2
                }
                if column < size { odd[column / 2] = source[column] }
            }
        }
        @inline(__always) func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
        }
        let plane = outSize * outSize
        // Constants per iteration (`for … in stride`), so the nested helpers capture no mutable variable (a
        // captured `var` would be boxed on the heap: an allocation per row).
        for x in stride(from: 0, to: outSize, by: lanes) {
            for group in stride(from: 0, to: channels, by: groupChannels) {
                let count = min(groupChannels, channels - group)
                // Rows past `channels` in the last group repeat the last channel (computed, not stored).
                @inline(__always) func filter(_ offset: Int) -> UnsafePointer<Float> {
                    weights + min(group + offset, channels - 1) * 27
                }
                let f0 = filter(0), f1 = filter(1), f2 = filter(2), f3 = filter(3)
                let f4 = filter(4), f5 = filter(5), f6 = filter(6), f7 = filter(7)
                var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
                var a4 = SIMD16<Float>(), a5 = SIMD16<Float>(), a6 = SIMD16<Float>(), a7 = SIMD16<Float>()
                for row in 0..<9 {
                    let even = UnsafePointer(scratch + row * 2 * half + x)
                    let odd = even + half
                    let v0 = load(even), v1 = load(odd), v2 = load(even + 1)
                    let tap = row * 3
                    a0 = a0.addingProduct(v0, f0[tap]); a0 = a0.addingProduct(v1, f0[tap + 1]); a0 = a0.addingProduct(v2, f0[tap + 2])
                    a1 = a1.addingProduct(v0, f1[tap]); a1 = a1.addingProduct(v1, f1[tap + 1]); a1 = a1.addingProduct(v2, f1[tap + 2])
                    a2 = a2.addingProduct(v0, f2[tap]); a2 = a2.addingProduct(v1, f2[tap + 1]); a2 = a2.addingProduct(v2, f2[tap + 2])
                    a3 = a3.addingProduct(v0, f3[tap]); a3 = a3.addingProduct(v1, f3[tap + 1]); a3 = a3.addingProduct(v2, f3[tap + 2])
                    a4 = a4.addingProduct(v0, f4[tap]); a4 = a4.addingProduct(v1, f4[tap + 1]); a4 = a4.addingProduct(v2, f4[tap + 2])
                    a5 = a5.addingProduct(v0, f5[tap]); a5 = a5.addingProduct(v1, f5[tap + 1]); a5 = a5.addingProduct(v2, f5[tap + 2])
                    a6 = a6.addingProduct(v0, f6[tap]); a6 = a6.addingProduct(v1, f6[tap + 1]); a6 = a6.addingProduct(v2, f6[tap + 2])
                    a7 = a7.addingProduct(v0, f7[tap]); a7 = a7.addingProduct(v1, f7[tap + 1]); a7 = a7.addingProduct(v2, f7[tap + 2])
                }
                let valid = min(lanes, outSize - x)
                @inline(__always) func store(_ sums: SIMD16<Float>, _ offset: Int) {
                    guard offset < count else { return }
                    let channel = group + offset
                    let value = DirectPointwise.activated(sums + bias[channel], .hardSwish)
                    let target = output + channel * plane + y * outSize + x
                    if valid == lanes {
                        UnsafeMutableRawPointer(target).storeBytes(of: value, as: SIMD16<Float>.self)
                    } else {
                        for lane in 0..<valid { target[lane] = value[lane] }
                    }
                }
                store(a0, 0); store(a1, 1); store(a2, 2); store(a3, 3)
                store(a4, 4); store(a5, 5); store(a6, 6); store(a7, 7)
            }
        }
    }
}
