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
    /// tap reads contiguous memory), then 16 output columns at a time accumulate all k² taps in registers.
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
            switch (kernelSize, stride) {
            case (3, 1): depthwiseChannels(Taps3.self, StrideOne.self, geometry, channelRange, input, kernel, bias, output)
            case (5, 1): depthwiseChannels(Taps5.self, StrideOne.self, geometry, channelRange, input, kernel, bias, output)
            case (7, 1): depthwiseChannels(Taps7.self, StrideOne.self, geometry, channelRange, input, kernel, bias, output)
            case (3, 2): depthwiseChannels(Taps3.self, StrideTwo.self, geometry, channelRange, input, kernel, bias, output)
            case (5, 2): depthwiseChannels(Taps5.self, StrideTwo.self, geometry, channelRange, input, kernel, bias, output)
            case (7, 2): depthwiseChannels(Taps7.self, StrideTwo.self, geometry, channelRange, input, kernel, bias, output)
            default: depthwiseChannelsPlain(geometry, channelRange, input, kernel, bias, output)
            }
            let planeCount = geometry.outHeight * geometry.outWidth
            biasAndActivate(output + channelRange.lowerBound * planeCount, rows: 1, rowStride: 0,
                            columns: 0..<(channelRange.count * planeCount), bias: nil, activation: activation)
        }
    }

    /// The specialised kernel over a run of channels (bias added here, activation by the caller).
    @inline(__always)
    private static func depthwiseChannels<K: DepthwiseTaps, S: DepthwiseStride>(
        _: K.Type, _: S.Type, _ geometry: DepthwiseGeometry, _ channels: Range<Int>,
        _ input: UnsafePointer<Float>, _ kernel: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
        _ output: UnsafeMutablePointer<Float>
    ) {
        let (height, width) = (geometry.height, geometry.width)
        let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
        let pad = K.size / 2
        let rowCount = height + 2 * pad
        // Padded row width in floats: every 16-wide block of outputs reads within the row.
        let blockedOutWidth = (outWidth + 15) / 16 * 16
        let rowWidth = S.isTwo ? blockedOutWidth + pad + 1 : blockedOutWidth + 2 * pad
        let planeFloats = rowCount * rowWidth
        withUnsafeTemporaryAllocation(of: Float.self, capacity: (S.isTwo ? 2 : 1) * planeFloats) { scratch in
            guard let padded = scratch.baseAddress else { return }
            // The borders stay zero: every channel rewrites only the interior.
            padded.initialize(repeating: 0, count: scratch.count)
            let odd = padded + planeFloats
            for channel in channels {
                let plane = input + channel * height * width
                // Copy the channel into the interior (stride 2: even padded columns to `padded`, odd to `odd`).
                for y in 0..<height {
                    let source = plane + y * width
                    if S.isTwo {
                        let evenRow = padded + (y + pad) * rowWidth, oddRow = odd + (y + pad) * rowWidth
                        for x in 0..<width {
                            let column = x + pad
                            if column & 1 == 0 { evenRow[column >> 1] = source[x] } else { oddRow[column >> 1] = source[x] }
                        }
                    } else {
                        (padded + (y + pad) * rowWidth + pad).update(from: source, count: width)
                    }
                }
                let taps = kernel + channel * K.size * K.size
                let start = SIMD16<Float>(repeating: bias?[channel] ?? 0)
                let outPlane = output + channel * outHeight * outWidth
                for y in 0..<outHeight {
                    let outRow = outPlane + y * outWidth
                    let firstRow = y * (S.isTwo ? 2 : 1)
                    var x = 0
                    while x < outWidth {
                        var sum = start
                        for i in 0..<K.size {
                            let tapRow = taps + i * K.size
                            let evenRow = UnsafePointer(padded + (firstRow + i) * rowWidth + x)
                            let oddRow = UnsafePointer(odd + (firstRow + i) * rowWidth + x)
                            for j in 0..<K.size {
                                // Stride 2: padded column 2x + j is even column x + j/2 or odd column x + j/2.
                                let source = S.isTwo ? (j & 1 == 0 ? evenRow + (j >> 1) : oddRow + (j >> 1)) : evenRow + j
                                sum += SIMD16(repeating: tapRow[j]) * UnsafeRawPointer(source).loadUnaligned(as: SIMD16<Float>.self)
                            }
                        }
                        if x + 16 <= outWidth {
                            UnsafeMutableRawPointer(outRow + x).storeBytes(of: sum, as: SIMD16<Float>.self)
                        } else {
                            for lane in 0..<(outWidth - x) { outRow[x + lane] = sum[lane] }
                        }
                        x += 16
                    }
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
