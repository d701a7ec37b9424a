extension Kernels {
    /// `output[c] = mean(input[c, 0..<spatial])` over `channels` planes of `spatial` values.
    public static func globalAveragePool(
        input: UnsafePointer<Float>, channels: Int, spatial: Int, output: UnsafeMutablePointer<Float>
    ) {
        let scale = spatial > 0 ? 1 / Float(spatial) : 0
        for channel in 0..<channels {
            let plane = input + channel * spatial
            var sum: Float = 0
            for index in 0..<spatial { sum += plane[index] }
            output[channel] = sum * scale
        }
    }
}
