extension Kernels {
    /// The output side of a "same"-padded (`kernelSize / 2`) convolution: `(size − 1) / stride + 1`.
    public static func depthwiseOutputSize(_ size: Int, stride: Int) -> Int { (size - 1) / stride + 1 }

    /// Depthwise k×k convolution of one CHW image with "same" padding `kernelSize / 2`, bias and activation fused:
    /// `output[c, y, x] = activation(Σ_{i,j} kernel[c, i, j] · input[c, y·s + i − k/2, x·s + j − k/2] + bias[c])`,
    /// out-of-image inputs reading as zero. Output planes are `depthwiseOutputSize(height) × ...(width)`.
    ///
    /// `kernel` is `[channels, kernelSize, kernelSize]` (PyTorch's `[C, 1, k, k]`); `kernelSize` odd, `stride ≥ 1`.
    ///
    /// k = 3, 5, 7 with stride 1 or 2 (all of MobileNetV3) run a SIMD kernel specialised per k and stride: each
    /// channel is copied once into a zero-bordered plane (for stride 2 split into even and odd columns, so every
    /// tap reads contiguous memory), then blocks of 4 output rows × 16 columns accumulate all k² taps in registers.
    /// Channels are shared over the threads; each thread's padded plane lives on its stack, so nothing is
    /// allocated on the heap for the network's sizes. Other k and strides take a plain loop.
    public static func depthwiseConvolution(
        input: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
        kernel: UnsafePointer<Float>, kernelSize: Int, stride: Int,
        bias: UnsafePointer<Float>?, activation: Activation = .none,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(kernelSize % 2 == 1 && kernelSize > 0, "depthwiseConvolution: kernelSize must be odd")
        precondition(stride >= 1, "depthwiseConvolution: stride must be at least 1")
        guard channels > 0, height > 0, width > 0 else { return }
        let geometry = DepthwiseGeometry(height: height, width: width, kernelSize: kernelSize, stride: stride)
        let flops = 2 * channels * geometry.outHeight * geometry.outWidth * kernelSize * kernelSize
        Threading.forEachPart(maximumParts: channels, flops: flops) { part, partCount in
            let channelRange = Threading.slice(channels, part: part, of: partCount)
            // Planes at most 8 wide (the 7×7 layers) use 8-lane vectors: 16 lanes would be more than half empty.
            if geometry.outWidth <= 8 {
                depthwiseDispatch(Lanes8.self, geometry, channelRange, input, kernel, bias, output)
            } else {
                depthwiseDispatch(Lanes16.self, geometry, channelRange, input, kernel, bias, output)
            }
            let planeCount = geometry.outHeight * geometry.outWidth
            biasAndActivate(output + channelRange.lowerBound * planeCount, rows: 1, rowStride: 0,
                            columns: 0..<(channelRange.count * planeCount), bias: nil, activation: activation)
        }
    }

    /// Picks the kernel specialised for the geometry's k and stride.
    @inline(__always)
    private static func depthwiseDispatch<L: DepthwiseLanes>(
        _ lanes: L.Type, _ geometry: DepthwiseGeometry, _ channelRange: Range<Int>, _ input: UnsafePointer<Float>,
        _ kernel: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>
    ) {
        switch (geometry.kernelSize, geometry.stride) {
        case (3, 1): depthwiseChannels(L.self, Taps3.self, StrideOne.self, geometry, channelRange, input, kernel, bias, output)
        case (5, 1): depthwiseChannels(L.self, Taps5.self, StrideOne.self, geometry, channelRange, input, kernel, bias, output)
        case (7, 1): depthwiseChannels(L.self, Taps7.self, StrideOne.self, geometry, channelRange, input, kernel, bias, output)
        case (3, 2): depthwiseChannels(L.self, Taps3.self, StrideTwo.self, geometry, channelRange, input, kernel, bias, output)
        case (5, 2): depthwiseChannels(L.self, Taps5.self, StrideTwo.self, geometry, channelRange, input, kernel, bias, output)
        case (7, 2): depthwiseChannels(L.self, Taps7.self, StrideTwo.self, geometry, channelRange, input, kernel, bias, output)
        default: depthwiseChannelsPlain(geometry, channelRange, input, kernel, bias, output)
        }
    }

    /// The specialised kernel over a run of channels (bias added here, activation by the caller).
    ///
    /// Four output rows are computed together (`L.width` columns at a time), each weight broadcast once for all
    /// four: four independent accumulator chains, since the multiply-add latency, not the load ports, otherwise
    /// limits the loop. (Sharing each input load between the rows instead needs per-tap conditions that keep the
    /// compiler from unrolling; measured slower.)
    @inline(__always)
    private static func depthwiseChannels<L: DepthwiseLanes, K: DepthwiseTaps, S: DepthwiseStride>(
        _: L.Type, _: K.Type, _: S.Type, _ geometry: DepthwiseGeometry, _ channels: Range<Int>,
        _ input: UnsafePointer<Float>, _ kernel: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
        _ output: UnsafeMutablePointer<Float>
    ) {
        let (height, width) = (geometry.height, geometry.width)
        let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
        let pad = K.size / 2
        let step = S.isTwo ? 2 : 1
        let rowCount = height + 2 * pad
        // Padded row width in floats: every block of `L.width` outputs reads within the row.
        let blockedOutWidth = (outWidth + L.width - 1) / L.width * L.width
        let rowWidth = S.isTwo ? blockedOutWidth + pad + 1 : blockedOutWidth + 2 * pad
        let planeFloats = rowCount * rowWidth
        let planes = S.isTwo ? 2 : 1
        // The padded plane(s), then 16 floats where a partial block of outputs is staged.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: planes * planeFloats + 16) { scratch in
            guard let padded = scratch.baseAddress else { return }
            // The borders stay zero: every channel rewrites only the interior.
            padded.initialize(repeating: 0, count: scratch.count)
            let odd = padded + planeFloats
            let staging = padded + planes * planeFloats

            /// The input vector of tap column `j` for padded row `row` and output columns `x..<x+L.width`.
            @inline(__always) func load(_ row: Int, _ j: Int, _ x: Int) -> L.Vector {
                // Stride 2: padded column 2x + j is even column x + j/2 (j even) or odd column x + j/2 (j odd).
                let base = S.isTwo && j & 1 == 1 ? odd : padded
                let column = x + (S.isTwo ? j >> 1 : j)
                return L.load(base + row * rowWidth + column)
            }
            /// Stores the first `min(L.width, outWidth - x)` lanes at `destination`.
            @inline(__always) func store(_ sum: L.Vector, _ destination: UnsafeMutablePointer<Float>, _ x: Int) {
                if x + L.width <= outWidth {
                    L.store(sum, destination)
                } else {
                    L.store(sum, staging)
                    for lane in 0..<(outWidth - x) { destination[lane] = staging[lane] }
                }
            }

            for channel in channels {
                let plane = input + channel * height * width
                // Copy the channel into the interior (stride 2: even padded columns to `padded`, odd to `odd`).
                for y in 0..<height {
                    let source = plane + y * width
                    if S.isTwo {
                        // Source column x goes to padded column x + pad: even ones to `padded`, odd ones to `odd`.
                        // 32 columns at a time split into their even and odd halves, then the rest one by one.
                        let evenRow = padded + (y + pad) * rowWidth, oddRow = odd + (y + pad) * rowWidth
                        let (firstHalf, secondHalf) = pad & 1 == 0 ? (evenRow, oddRow) : (oddRow, evenRow)
                        var x = 0
                        while x + 32 <= width {
                            let chunk = UnsafeRawPointer(source + x).loadUnaligned(as: SIMD32<Float>.self)
                            UnsafeMutableRawPointer(firstHalf + ((x + pad) >> 1))
                                .storeBytes(of: chunk.evenHalf, as: SIMD16<Float>.self)
                            UnsafeMutableRawPointer(secondHalf + ((x + pad + 1) >> 1))
                                .storeBytes(of: chunk.oddHalf, as: SIMD16<Float>.self)
                            x += 32
                        }
                        if x + 16 <= width {
                            let chunk = UnsafeRawPointer(source + x).loadUnaligned(as: SIMD16<Float>.self)
                            UnsafeMutableRawPointer(firstHalf + ((x + pad) >> 1))
                                .storeBytes(of: chunk.evenHalf, as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(secondHalf + ((x + pad + 1) >> 1))
                                .storeBytes(of: chunk.oddHalf, as: SIMD8<Float>.self)
                            x += 16
                        }
                        while x + 2 <= width {
                            firstHalf[(x + pad) >> 1] = source[x]
                            secondHalf[(x + pad + 1) >> 1] = source[x + 1]
                            x += 2
                        }
                        if x < width { firstHalf[(x + pad) >> 1] = source[x] }
                    } else {
                        let destination = padded + (y + pad) * rowWidth + pad
                        var x = 0
                        while x + 16 <= width {
                            UnsafeMutableRawPointer(destination + x).storeBytes(
                                of: UnsafeRawPointer(source + x).loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
                            x += 16
                        }
                        while x < width { destination[x] = source[x]; x += 1 }
                    }
                }
                let taps = kernel + channel * K.size * K.size
                let start = L.splat(bias?[channel] ?? 0)
                let outPlane = output + channel * outHeight * outWidth

                /// Output rows y..<y+4, all columns.
                @inline(__always) func fourRows(_ y: Int) {
                    let firstRow = y * step
                    var x = 0
                    while x < outWidth {
                        var (sum0, sum1, sum2, sum3) = (start, start, start, start)
                        // Output row y + q reads padded rows firstRow + q·step + i; the four rows share each weight.
                        for i in 0..<K.size {
                            let row = firstRow + i
                            for j in 0..<K.size {
                                let weight = taps[i * K.size + j]
                                sum0 = L.multiplyAdd(sum0, weight, load(row, j, x))
                                sum1 = L.multiplyAdd(sum1, weight, load(row + step, j, x))
                                sum2 = L.multiplyAdd(sum2, weight, load(row + 2 * step, j, x))
                                sum3 = L.multiplyAdd(sum3, weight, load(row + 3 * step, j, x))
                            }
                        }
                        store(sum0, outPlane + y * outWidth + x, x)
                        store(sum1, outPlane + (y + 1) * outWidth + x, x)
                        store(sum2, outPlane + (y + 2) * outWidth + x, x)
                        store(sum3, outPlane + (y + 3) * outWidth + x, x)
                        x += L.width
                    }
                }

                var y = 0
                while y + 4 <= outHeight {
                    fourRows(y)
                    y += 4
                }
                // Leftover rows: one more block ending at the last row when there are four rows (rows computed twice
                // come out identical); single rows only for planes under four rows, where one accumulator chain's
                // latency would otherwise dominate.
                if y < outHeight && outHeight >= 4 {
                    fourRows(outHeight - 4)
                    y = outHeight
                }
                while y < outHeight {
                    let firstRow = y * step
                    var x = 0
                    while x < outWidth {
                        var sum = start
                        for i in 0..<K.size {
                            for j in 0..<K.size {
                                sum = L.multiplyAdd(sum, taps[i * K.size + j], load(firstRow + i, j, x))
                            }
                        }
                        store(sum, outPlane + y * outWidth + x, x)
                        x += L.width
                    }
                    y += 1
                }
            }
        }
    }

    /// Any odd k and any stride, one output at a time (bias added here, activation by the caller).
    private static func depthwiseChannelsPlain(
        _ geometry: DepthwiseGeometry, _ channels: Range<Int>, _ input: UnsafePointer<Float>,
        _ kernel: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>
    ) {
        let (height, width, kernelSize, stride) = (geometry.height, geometry.width, geometry.kernelSize, geometry.stride)
        let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
        let pad = kernelSize / 2
        for channel in channels {
            let plane = input + channel * height * width
            let taps = kernel + channel * kernelSize * kernelSize
            let outPlane = output + channel * outHeight * outWidth
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    var sum = bias?[channel] ?? 0
                    for i in 0..<kernelSize {
                        let inY = y * stride + i - pad
                        if inY < 0 || inY >= height { continue }
                        for j in 0..<kernelSize {
                            let inX = x * stride + j - pad
                            if inX < 0 || inX >= width { continue }
                            sum += taps[i * kernelSize + j] * plane[inY * width + inX]
                        }
                    }
                    outPlane[y * outWidth + x] = sum
                }
            }
        }
    }
}

/// The sizes of one depthwise convolution.
struct DepthwiseGeometry {
    let height: Int, width: Int, kernelSize: Int, stride: Int
    let outHeight: Int, outWidth: Int

    init(height: Int, width: Int, kernelSize: Int, stride: Int) {
        (self.height, self.width, self.kernelSize, self.stride) = (height, width, kernelSize, stride)
        outHeight = Kernels.depthwiseOutputSize(height, stride: stride)
        outWidth = Kernels.depthwiseOutputSize(width, stride: stride)
    }
}

/// A kernel side known at compile time, so the specialised loops unroll fully.
protocol DepthwiseTaps { static var size: Int { get } }
enum Taps3: DepthwiseTaps { static var size: Int { 3 } }
enum Taps5: DepthwiseTaps { static var size: Int { 5 } }
enum Taps7: DepthwiseTaps { static var size: Int { 7 } }

/// A stride known at compile time (1 or 2).
protocol DepthwiseStride { static var isTwo: Bool { get } }
enum StrideOne: DepthwiseStride { static var isTwo: Bool { false } }
enum StrideTwo: DepthwiseStride { static var isTwo: Bool { true } }

/// The vector the depthwise kernel accumulates in, with its operations written on the concrete SIMD type (generic
/// SIMD arithmetic would not be lowered to vector instructions as reliably).
protocol DepthwiseLanes {
    associatedtype Vector
    static var width: Int { get }
    static func splat(_ value: Float) -> Vector
    static func load(_ pointer: UnsafePointer<Float>) -> Vector
    static func load(_ pointer: UnsafeMutablePointer<Float>) -> Vector
    /// sum + weight · values.
    static func multiplyAdd(_ sum: Vector, _ weight: Float, _ values: Vector) -> Vector
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>)
}

enum Lanes16: DepthwiseLanes {
    static var width: Int { 16 }
    @inline(__always) static func splat(_ value: Float) -> SIMD16<Float> { SIMD16(repeating: value) }
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }
    @inline(__always) static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }
    @inline(__always) static func multiplyAdd(_ sum: SIMD16<Float>, _ weight: Float, _ values: SIMD16<Float>) -> SIMD16<Float> {
        sum + SIMD16(repeating: weight) * values
    }
    @inline(__always) static func store(_ vector: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMD16<Float>.self)
    }
}

enum Lanes8: DepthwiseLanes {
    static var width: Int { 8 }
    @inline(__always) static func splat(_ value: Float) -> SIMD8<Float> { SIMD8(repeating: value) }
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) static func multiplyAdd(_ sum: SIMD8<Float>, _ weight: Float, _ values: SIMD8<Float>) -> SIMD8<Float> {
        sum + SIMD8(repeating: weight) * values
    }
    @inline(__always) static func store(_ vector: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMD8<Float>.self)
    }
}
