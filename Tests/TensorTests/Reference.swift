import Foundation

/// Naive loop implementations in Double, the independent references the kernels are checked against.
/// Each result comes with its magnitude (the sum of the absolute values of the terms that made it), which
/// bounds float32 rounding and so scales the tolerance (see `expectClose`).
enum Reference {
    struct Values {
        var values: [Double]
        var magnitudes: [Double]
    }

    /// PyTorch's definitions of the activations.
    static func activate(_ activation: String, _ x: Double) -> Double {
        func relu6(_ v: Double) -> Double { min(max(v, 0), 6) }
        switch activation {
        case "none": return x
        case "relu": return max(x, 0)
        case "relu6": return relu6(x)
        case "hardSwish": return x * relu6(x + 3) / 6
        case "hardSigmoid": return relu6(x + 3) / 6
        case "tanh": return Foundation.tanh(x)
        case "sigmoid": return 1 / (1 + Foundation.exp(-x))
        default: fatalError("unknown activation \(activation)")
        }
    }

    /// Row-major C = op(A)·op(B) with op(A) m×k and op(B) k×n, stored with leading dimensions lda/ldb.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     a: [Float], lda: Int, b: [Float], ldb: Int) -> Values {
        var out = Values(values: [Double](repeating: 0, count: m * n), magnitudes: [Double](repeating: 0, count: m * n))
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let x = Double(transposeA ? a[p * lda + i] : a[i * lda + p])
                    let y = Double(transposeB ? b[j * ldb + p] : b[p * ldb + j])
                    sum += x * y
                    magnitude += abs(x * y)
                }
                out.values[i * n + j] = sum
                out.magnitudes[i * n + j] = magnitude
            }
        }
        return out
    }

    /// Grouped 2-D convolution of one CHW image, zero padding, PyTorch weight layout
    /// `[outputChannels, inputChannels / groups, k, k]`, then bias and activation.
    static func convolution(input: [Float], inputChannels: Int, height: Int, width: Int,
                            weights: [Float], outputChannels: Int, groups: Int,
                            kernelSize: Int, stride: Int, padding: Int,
                            bias: [Float]?, activation: String) -> (Values, outHeight: Int, outWidth: Int) {
        let outHeight = (height + 2 * padding - kernelSize) / stride + 1
        let outWidth = (width + 2 * padding - kernelSize) / stride + 1
        let inPerGroup = inputChannels / groups
        let outPerGroup = outputChannels / groups
        let count = outputChannels * outHeight * outWidth
        var out = Values(values: [Double](repeating: 0, count: count), magnitudes: [Double](repeating: 0, count: count))
        for oc in 0..<outputChannels {
            let group = oc / outPerGroup
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    var sum = Double(bias?[oc] ?? 0)
                    var magnitude = abs(sum)
                    for icInGroup in 0..<inPerGroup {
                        let ic = group * inPerGroup + icInGroup
                        for i in 0..<kernelSize {
                            for j in 0..<kernelSize {
                                let inY = y * stride + i - padding, inX = x * stride + j - padding
                                guard inY >= 0, inY < height, inX >= 0, inX < width else { continue }
                                let w = Double(weights[((oc * inPerGroup + icInGroup) * kernelSize + i) * kernelSize + j])
                                let v = Double(input[(ic * height + inY) * width + inX])
                                sum += w * v
                                magnitude += abs(w * v)
                            }
                        }
                    }
                    let index = (oc * outHeight + y) * outWidth + x
                    out.values[index] = activate(activation, sum)
                    out.magnitudes[index] = magnitude
                }
            }
        }
        return (out, outHeight, outWidth)
    }
}
