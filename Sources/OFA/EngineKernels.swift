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
    /// Depthwise k×k conv with "same" padding on channels `0..<channels` of a CHW image, bias + activation fused.
    /// `kernel` is [channels, k, k] (row stride k·k). Output planes are ((h−1)/s+1)².
    static func depthwise(
        input: UnsafePointer<Float>, channels: Int, size: Int, kernel: UnsafePointer<Float>, kernelSize k: Int,
        stride: Int, bias: UnsafePointer<Float>, activation: SupernetActivation, output: UnsafeMutablePointer<Float>
    ) {
        let outSize = SupernetArchitecture.outputSize(size, stride: stride)
        let work = channels * outSize * outSize * k * k
        parallelChannels(channels, work: work) { range in
            for channel in range {
                depthwisePlane(input: input + channel * size * size, size: size, taps: kernel + channel * k * k,
                               kernelSize: k, stride: stride, bias: bias[channel], activation: activation,
                               output: output + channel * outSize * outSize, outSize: outSize)
            }
        }
    }

    static func depthwisePlane(
        input: UnsafePointer<Float>, size: Int, taps: UnsafePointer<Float>, kernelSize k: Int, stride: Int,
        bias: Float, activation: SupernetActivation, output: UnsafeMutablePointer<Float>, outSize: Int
    ) {
        let pad = k / 2
        // Columns whose whole receptive field lies inside the row: x·s − pad ≥ 0 and x·s − pad + k − 1 < size.
        let interiorStart = min(outSize, (pad + stride - 1) / stride)
        let interiorEnd = max(interiorStart, min(outSize, (size - k + pad) / stride + 1))
        let vectorEnd = interiorStart + (interiorEnd - interiorStart) / 8 * 8
        for y in 0..<outSize {
            let row = output + y * outSize
            let firstTapRow = max(0, pad - y * stride)
            let lastTapRow = min(k, size + pad - y * stride)
            let top = input + (y * stride - pad) * size - pad
            // Interior, 8 outputs at a time, accumulated in registers.
            var x = interiorStart
            while x < vectorEnd {
                var sum = SIMD8<Float>(repeating: bias)
                for i in firstTapRow..<lastTapRow {
                    let line = top + i * size + x * stride
                    for j in 0..<k {
                        let weight = taps[i * k + j]
                        if stride == 1 {
                            sum += weight * UnsafeRawPointer(line + j).loadUnaligned(as: SIMD8<Float>.self)
                        } else {
                            sum += weight * UnsafeRawPointer(line + j).loadUnaligned(as: SIMD16<Float>.self).evenHalf
                        }
                    }
                }
                switch activation {
                case .relu:
                    sum = sum.replacing(with: 0, where: sum .< 0)
                case .hardSwish:
                    var gate = sum + 3
                    gate = gate.replacing(with: 0, where: gate .< 0)
                    gate = gate.replacing(with: 6, where: gate .> 6)
                    sum = sum * gate / 6
                }
                UnsafeMutableRawPointer(row + x).storeBytes(of: sum, as: SIMD8<Float>.self)
                x += 8
            }
            // Borders and the remainder, one output at a time with clipped taps.
            for x in 0..<outSize where x < interiorStart || x >= vectorEnd {
                var sum = bias
                let firstTapColumn = max(0, pad - x * stride)
                let lastTapColumn = min(k, size + pad - x * stride)
                for i in firstTapRow..<lastTapRow {
                    let line = top + i * size + x * stride
                    for j in firstTapColumn..<lastTapColumn { sum += taps[i * k + j] * line[j] }
                }
                row[x] = sum
                activate(row + x, count: 1, activation)
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
