import Testing
import Tensor
@testable import OFAEngine

/// `DirectStem` against a naive double-precision 3×3 stride-2 convolution with zero padding, bias and h-swish:
/// even and odd image sizes (a partial last vector, an odd last column), channel counts that leave a partial
/// group of 8, and one or several threads. The scratch is sized as the engine sizes it.
struct DirectStemTests {
    @Test(arguments: [(32, 16), (33, 24), (47, 9), (160, 16)], [1, 2, 3])
    func matchesNaiveConvolution(shape: (size: Int, channels: Int), threads: Int) {
        let (size, channels) = shape
        let image = DirectPointwiseTests.values(3 * size * size, seed: 21)
        let weights = DirectPointwiseTests.values(channels * 27, seed: 22)
        let bias = DirectPointwiseTests.values(channels, seed: 23)
        let outSize = (size - 1) / 2 + 1
        var scratch = [Float](repeating: .nan, count: DirectStem.maximumParts * DirectStem.scratchCount(size: size))
        var output = [Float](repeating: .nan, count: channels * outSize * outSize + 16)
        DirectStem.run(image: image, size: size, weights: weights, bias: bias, channels: channels,
                       scratch: &scratch, output: &output, threads: threads)
        var worst: Float = 0
        for c in 0..<channels {
            for y in 0..<outSize {
                for x in 0..<outSize {
                    var sum = Double(bias[c])
                    for ci in 0..<3 {
                        for i in 0..<3 {
                            for j in 0..<3 {
                                let row = 2 * y + i - 1, column = 2 * x + j - 1
                                guard row >= 0, row < size, column >= 0, column < size else { continue }
                                sum += Double(weights[((c * 3 + ci) * 3 + i) * 3 + j])
                                    * Double(image[(ci * size + row) * size + column])
                            }
                        }
                    }
                    let expected = Float(sum * min(max(sum + 3, 0), 6) / 6)
                    let difference = abs(expected - output[(c * outSize + y) * outSize + x])
                    if !(difference <= worst) { worst = difference }  // a NaN (unwritten output) sticks
                }
            }
        }
        #expect(worst <= 1e-5, "size \(size) channels \(channels) threads \(threads): \(worst)")
        #expect(output.suffix(16).allSatisfy { $0.isNaN }, "wrote past the output planes")
    }
}
