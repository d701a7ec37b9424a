/// The spec's deterministic synthetic weights and images (section 9.1), reproducible in any language.
/// Used when no weights file is given, and by the cross-language test vectors.
public enum SyntheticWeights {
    /// splitmix64 of `(tensor << 32) | element`, as a uniform double in [0, 1) with 53 bits.
    public static func uniform(tensor: Int, element: Int) -> Double {
        let x = (UInt64(tensor) << 32) | UInt64(element)
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    /// The values of one state-dict entry, rounded to float32, by the rule for its key's suffix.
    public static func values(for entry: SupernetStateDict.Entry) -> [Float] {
        let count = entry.count
        let key = entry.key
        let t = entry.ordinal
        let value: (Int) -> Double
        if key.hasSuffix("running_mean") {
            value = { 0.1 * (2 * uniform(tensor: t, element: $0) - 1) }
        } else if key.hasSuffix("running_var") {
            value = { 0.5 + uniform(tensor: t, element: $0) }
        } else if key.hasSuffix("_matrix") {
            let side = entry.shape.first ?? 1
            value = { ($0 / side == $0 % side ? 1 : 0) + 0.1 * (2 * uniform(tensor: t, element: $0) - 1) }
        } else if key.hasSuffix("bn.weight") {
            value = { 1 + 0.2 * (2 * uniform(tensor: t, element: $0) - 1) }
        } else if key.hasSuffix("bias") {
            value = { 0.1 * (2 * uniform(tensor: t, element: $0) - 1) }
        } else {
            let fanIn = Double(count / max(1, entry.shape.first ?? 1))
            let scale = (3 / fanIn).squareRoot()
            value = { scale * (2 * uniform(tensor: t, element: $0) - 1) }
        }
        return (0..<count).map { Float(value($0)) }
    }

    /// The synthetic input image for resolution `r`: [3, r, r] in CHW order, 1.5 · (2u − 1) with tensor 1,000,000 + r.
    public static func image(resolution r: Int) -> [Float] {
        (0..<(3 * r * r)).map { Float(1.5 * (2 * uniform(tensor: 1_000_000 + r, element: $0) - 1)) }
    }
}
