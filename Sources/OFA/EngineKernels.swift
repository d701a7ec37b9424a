import Dispatch
import Tensor

/// Engine-specific fused loops for the supernet's hot paths, written for the shapes OFA uses (odd k ≤ 7, stride 1
/// or 2, "same" padding) and checked in the tests against Tensor's plain kernels:
/// * a row-accumulating depthwise convolution (each output row starts at the bias and receives k² shifted,
///   auto-vectorised multiply-adds; the border is handled by clipping the column range, not per tap) with the
///   activation fused;
/// * the epilogue of a pointwise convolution (bias, activation and the residual add in one pass);
/// all split over channels into `Threading.threadCount` parts.
enum EngineKernels {
    /// Zero border kept around every depthwise input plane: the largest kernel's padding (7 / 2).
    static let border = ElasticBlockSpec.maxKernelSize / 2

    /// Side of a plane of side `size` with the zero border on both sides.
    static func paddedSide(_ size: Int) -> Int { size + 2 * border }

    /// Depthwise k×k conv with "same" padding, bias + activation fused, on `channels` planes stored with a zero
    /// border of `border` (planes of `paddedSide(size)²` floats, see `activateIntoPadded`), so the loop never
    /// tests bounds. `kernel` is [channels, k, k]. Output planes are ((size−1)/s+1)², unpadded.
    static func depthwise(
        paddedInput: UnsafePointer<Float>, channels: Int, size: Int, kernel: UnsafePointer<Float>, kernelSize k: Int,
        stride: Int, bias: UnsafePointer<Float>, activation: SupernetActivation, output: UnsafeMutablePointer<Float>
    ) {
        let outSize = SupernetArchitecture.outputSize(size, stride: stride)
        let side = paddedSide(size)
        let work = channels * outSize * outSize * k * k
        parallelChannels(channels, work: work) { range in
            for channel in range {
                depthwisePlane(paddedInput: paddedInput + channel * side * side, side: side,
                               taps: kernel + channel * k * k, kernelSize: k, stride: stride, bias: bias[channel],
                               activation: activation, output: output + channel * outSize * outSize, outSize: outSize)
            }
        }
    }

    static func depthwisePlane(
        paddedInput: UnsafePointer<Float>, side: Int, taps: UnsafePointer<Float>, kernelSize k: Int, stride: Int,
        bias: Float, activation: SupernetActivation, output: UnsafeMutablePointer<Float>, outSize: Int
    ) {
        let shift = border - k / 2
        let origin = paddedInput + shift * side + shift
        for y in 0..<outSize {
            let row = output + y * outSize
            let top = origin + y * stride * side
            var x = 0
            while x < outSize {
                var sum = SIMD8<Float>(repeating: bias)
                for i in 0..<k {
                    let line = top + i * side + x * stride
                    let weights = taps + i * k
                    if stride == 1 {
                        for j in 0..<k {
                            sum += weights[j] * UnsafeRawPointer(line + j).loadUnaligned(as: SIMD8<Float>.self)
                        }
                    } else {
                        for j in 0..<k {
                            sum += weights[j] * UnsafeRawPointer(line + j).loadUnaligned(as: SIMD16<Float>.self).evenHalf
                        }
                    }
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
    /// `border`: `source` is [channels, size, size], `padded` is [channels, paddedSide(size)²].
    static func activateIntoPadded(
        _ source: UnsafePointer<Float>, channels: Int, size: Int, bias: UnsafePointer<Float>?,
        activation: SupernetActivation?, padded: UnsafeMutablePointer<Float>
    ) {
        let side = paddedSide(size)
        parallelChannels(channels, work: channels * side * side) { range in
            for channel in range {
                let target = padded + channel * side * side
                let plane = source + channel * size * size
                let shift = bias?[channel] ?? 0
                target.update(repeating: 0, count: border * side)
                for y in 0..<size {
                    let line = target + (border + y) * side
                    line.update(repeating: 0, count: border)
                    let inner = line + border
                    let input = plane + y * size
                    for x in 0..<size { inner[x] = input[x] + shift }
                    if let activation { activate(inner, count: size, activation) }
                    (inner + size).update(repeating: 0, count: border)
                }
                (target + (border + size) * side).update(repeating: 0, count: border * side)
            }
        }
    }

    /// After a GEMM into `data` ([channels, spatial]): `data = act(data + bias[c]) (+ residual)` in one pass.
    static func epilogue(
        _ data: UnsafeMutablePointer<Float>, channels: Int, spatial: Int, bias: UnsafePointer<Float>,
        activation: SupernetActivation?, residual: UnsafePointer<Float>?
    ) {
        parallelChannels(channels, work: channels * spatial) { range in
            for channel in range {
                let plane = data + channel * spatial
                let shift = bias[channel]
                for index in 0..<spatial { plane[index] += shift }
                if let activation { activate(plane, count: spatial, activation) }
                if let residual {
                    let source = residual + channel * spatial
                    for index in 0..<spatial { plane[index] += source[index] }
                }
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

    /// Runs `body` on `threadCount` near-equal channel ranges concurrently (inline for small work).
    @inline(__always)
    static func parallelChannels(_ channels: Int, work: Int, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(Threading.threadCount, channels, work / minimumWorkPerThread))
        if parts == 1 {
            body(0..<channels)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let shared = SendableBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                shared.body((channels * part / parts)..<(channels * (part + 1) / parts))
            }
        }
    }

    /// Each part writes a disjoint channel range and concurrentPerform returns only when all are done.
    private struct SendableBody: @unchecked Sendable {
        let body: (Range<Int>) -> Void
    }
}
