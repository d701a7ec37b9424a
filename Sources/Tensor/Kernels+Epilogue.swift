extension Kernels {
    /// `data[c, p] = activation(data[c, p] + bias[c])` over `channels` planes of `spatial` values (bias optional),
    /// vectorised and split over channels when large.
    public static func addBiasAndActivate(
        _ data: UnsafeMutablePointer<Float>, channels: Int, spatial: Int,
        bias: UnsafePointer<Float>?, activation: Activation
    ) {
        if bias == nil && activation == .none { return }
        // Memory-bound: count each element as a few operations so only large planes are split.
        Threading.forEachPart(maximumParts: channels, flops: 4 * channels * spatial) { part, partCount in
            let rows = Threading.slice(channels, part: part, of: partCount)
            biasAndActivate(data + rows.lowerBound * spatial, rows: rows.count, rowStride: spatial,
                            columns: 0..<spatial, bias: bias.map { $0 + rows.lowerBound }, activation: activation)
        }
    }

    /// The epilogue on one block of a row-major matrix, on the calling thread:
    /// `row_r[j] = activation(row_r[j] + bias[r])` for rows `0..<rows` and columns `columns`.
    static func biasAndActivate(
        _ data: UnsafeMutablePointer<Float>, rows: Int, rowStride: Int, columns: Range<Int>,
        bias: UnsafePointer<Float>?, activation: Activation
    ) {
        switch activation {
        case .none:
            if bias != nil { biasAndActivate(IdentityActivation.self, data, rows, rowStride, columns, bias) }
        case .relu: biasAndActivate(ReLUActivation.self, data, rows, rowStride, columns, bias)
        case .relu6: biasAndActivate(ReLU6Activation.self, data, rows, rowStride, columns, bias)
        case .hardSwish: biasAndActivate(HardSwishActivation.self, data, rows, rowStride, columns, bias)
        case .hardSigmoid: biasAndActivate(HardSigmoidActivation.self, data, rows, rowStride, columns, bias)
        case .tanh: biasAndActivate(TanhActivation.self, data, rows, rowStride, columns, bias)
        case .sigmoid: biasAndActivate(SigmoidActivation.self, data, rows, rowStride, columns, bias)
        }
    }

    @inline(__always)
    private static func biasAndActivate<A: ElementActivation>(
        _: A.Type, _ data: UnsafeMutablePointer<Float>, _ rows: Int, _ rowStride: Int, _ columns: Range<Int>,
        _ bias: UnsafePointer<Float>?
    ) {
        // Plain loops: LLVM vectorises them (see ElementActivation).
        for rowIndex in 0..<rows {
            let row = data + rowIndex * rowStride
            if let bias {
                let shift = bias[rowIndex]
                for column in columns { row[column] = A.apply(row[column] + shift) }
            } else {
                for column in columns { row[column] = A.apply(row[column]) }
            }
        }
    }
}
