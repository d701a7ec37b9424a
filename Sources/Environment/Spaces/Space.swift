/// A set of values an environment's observations or actions belong to (gymnasium/spaces/space.py).
///
/// Sampling takes the generator explicitly, so a space has no hidden state: seed a `Xoshiro256StarStar` and pass it
/// (`space.sample(using: &rng)`), and the same seed gives the same samples.
public protocol Space: Sendable, CustomStringConvertible {
    associatedtype Element

    /// Whether `value` belongs to the space (shape, bounds, integrality).
    func contains(_ value: Element) -> Bool
    /// A random element (the distribution each space documents).
    func sample(using generator: inout Xoshiro256StarStar) -> Element
    /// Length of `flatten(_:)` (gymnasium.spaces.utils.flatdim): one-hot widths for discrete spaces.
    var flatdim: Int { get }
    /// The element as a flat vector (gymnasium.spaces.utils.flatten): one-hot for discrete spaces.
    func flatten(_ value: Element) -> [Float]
    /// Whether two elements are the same up to the checker's tolerance (Gymnasium's `data_equivalence`:
    /// exact for integers, `allclose(rtol = atol = 1e-5)` for floats).
    func isEquivalent(_ a: Element, _ b: Element) -> Bool
}
