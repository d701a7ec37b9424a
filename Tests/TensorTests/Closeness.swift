import Testing

/// Relative tolerance of the kernels against the Double references.
let relativeTolerance = 1e-5

/// Checks `actual` against `expected` element by element: |a − e| ≤ 1e-5 · (|e| + magnitude) + 1e-7, where
/// `magnitude` (the sum of the absolute terms) bounds the rounding of a float32 sum whose terms cancel.
func expectClose(_ actual: [Float], _ expected: Reference.Values, _ label: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.values.count, "\(label): count", sourceLocation: sourceLocation)
    guard actual.count == expected.values.count else { return }
    var worst = 0.0, worstIndex = -1
    for index in actual.indices {
        let error = abs(Double(actual[index]) - expected.values[index])
        let allowed = relativeTolerance * (abs(expected.values[index]) + expected.magnitudes[index]) + 1e-7
        if error / allowed > worst { worst = error / allowed; worstIndex = index }
    }
    #expect(worst <= 1, "\(label): element \(worstIndex) is \(worstIndex >= 0 ? actual[worstIndex] : 0), expected \(worstIndex >= 0 ? expected.values[worstIndex] : 0) (error \(worst)× the tolerance)", sourceLocation: sourceLocation)
}

/// Plain values with no summation behind them (magnitude zero): a pure relative-plus-tiny-absolute check.
func exact(_ values: [Double]) -> Reference.Values {
    Reference.Values(values: values, magnitudes: [Double](repeating: 0, count: values.count))
}
