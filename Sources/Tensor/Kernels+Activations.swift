extension Kernels {
    /// max(x, 0) in place over `count` values.
    public static func relu(_ data: UnsafeMutablePointer<Float>, count: Int) { activate(.relu, data, count: count) }

    /// min(max(x, 0), 6) in place over `count` values.
    public static func relu6(_ data: UnsafeMutablePointer<Float>, count: Int) { activate(.relu6, data, count: count) }

    /// x · relu6(x + 3) / 6 in place over `count` values (PyTorch `Hardswish`).
    public static func hardSwish(_ data: UnsafeMutablePointer<Float>, count: Int) {
        activate(.hardSwish, data, count: count)
    }

    /// relu6(x + 3) / 6 in place over `count` values (PyTorch `Hardsigmoid`).
    public static func hardSigmoid(_ data: UnsafeMutablePointer<Float>, count: Int) {
        activate(.hardSigmoid, data, count: count)
    }

    /// `activation` in place over `count` values.
    public static func activate(_ activation: Activation, _ data: UnsafeMutablePointer<Float>, count: Int) {
        if activation == .none { return }
        Threading.forEachPart(maximumParts: count / 1024 + 1, flops: 4 * count) { part, partCount in
            let range = Threading.slice(count, part: part, of: partCount, alignment: 8)
            biasAndActivate(data + range.lowerBound, rows: 1, rowStride: 0, columns: 0..<range.count,
                            bias: nil, activation: activation)
        }
    }
}
