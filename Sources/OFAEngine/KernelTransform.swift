/// OFA's elastic-kernel transformation (spec section 4.1): the 5×5 kernel is the learned 25×25 matrix applied to
/// the centre 5×5 of the stored 7×7 kernel, and the 3×3 kernel is the 9×9 matrix applied to the centre 3×3 of
/// that **transformed** 5×5 kernel (7 → 5 → 3), with v' = M·v on row-major flattened patches.
public enum KernelTransform {
    /// The kernels of all three sizes for `channels` depthwise channels, each `[channels, k, k]` row-major.
    /// Products are accumulated in double precision and rounded once.
    public static func allKernels(weights7: [Float], channels: Int, matrix7to5: [Float], matrix5to3: [Float])
        -> (k3: [Float], k5: [Float], k7: [Float])
    {
        let k5 = transform(weights7, channels: channels, from: 7, to: 5, matrix: matrix7to5)
        let k3 = transform(k5, channels: channels, from: 5, to: 3, matrix: matrix5to3)
        return (k3, k5, Array(weights7.prefix(channels * 49)))
    }

    /// Centre-crops each channel's `from`×`from` kernel to `to`×`to` and multiplies the flattened crop by `matrix`
    /// ([to², to²], output index first).
    public static func transform(_ kernels: [Float], channels: Int, from: Int, to: Int, matrix: [Float]) -> [Float] {
        let offset = from / 2 - to / 2
        let area = to * to
        var result = [Float](repeating: 0, count: channels * area)
        var patch = [Double](repeating: 0, count: area)
        for channel in 0..<channels {
            let base = channel * from * from
            for row in 0..<to {
                for column in 0..<to {
                    patch[row * to + column] = Double(kernels[base + (row + offset) * from + column + offset])
                }
            }
            for j in 0..<area {
                var sum = 0.0
                for i in 0..<area { sum += Double(matrix[j * area + i]) * patch[i] }
                result[channel * area + j] = Float(sum)
            }
        }
        return result
    }
}
