extension Kernels {
    /// `accumulator[i] += addend[i]` for `count` values (residual connections).
    public static func add(_ addend: UnsafePointer<Float>, into accumulator: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count { accumulator[index] += addend[index] }
    }

    /// `data[c, p] *= scales[c]` over `channels` planes of `spatial` values (squeeze-and-excitation).
    public static func scaleChannels(
        _ data: UnsafeMutablePointer<Float>, channels: Int, spatial: Int, scales: UnsafePointer<Float>
    ) {
        for channel in 0..<channels {
            let plane = data + channel * spatial
            let scale = scales[channel]
            for index in 0..<spatial { plane[index] *= scale }
        }
    }
}
