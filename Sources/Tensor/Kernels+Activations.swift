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
        for index in 0..<count { data[index] = activation(data[index]) }
    }
}
