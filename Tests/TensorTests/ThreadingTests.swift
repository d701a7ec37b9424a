import CBLAS
import Dispatch
import Synchronization
import Testing
@testable import Tensor

@Suite("Threading")
struct ThreadingTests {
    @Test("the setting is clamped to 1...64 and keeps OpenBLAS at one thread per call")
    func setting() {
        withThreadCount(1) {
            #expect(Threading.threadCount == 1)
            #expect(openblas_get_num_threads() == 1)
        }
        withThreadCount(0) { #expect(Threading.threadCount == 1) }
        withThreadCount(1000) { #expect(Threading.threadCount == 64) }
        withThreadCount(2) {
            #expect(Threading.threadCount == 2)
            // The kernels split GEMMs themselves; an OpenBLAS that fanned out again would oversubscribe.
            #expect(openblas_get_num_threads() == 1)
        }
        #expect(Threading.defaultThreadCount == 2)
    }

    @Test("slices tile the range exactly, aligned except at the end", arguments: [1, 2, 3, 7])
    func slices(parts: Int) {
        for count in [0, 1, 5, 16, 17, 100, 12544] {
            for alignment in [1, 8, 16] {
                let slices = (0..<parts).map { Threading.slice(count, part: $0, of: parts, alignment: alignment) }
                #expect(slices.first?.lowerBound == 0)
                #expect(slices.last?.upperBound == count)
                for (left, right) in zip(slices, slices.dropFirst()) {
                    #expect(left.upperBound == right.lowerBound)
                    #expect(left.upperBound % alignment == 0 || left.upperBound == count)
                }
            }
        }
    }

    @Test("forEachPart runs every part once, inline when the work is small")
    func parts() {
        for (threads, maximumParts, expectedParts) in [(3, 40, 12), (2, 5, 5), (2, 100, 8)] {
            withThreadCount(threads) {
                let counter = Synchronization.Atomic<Int>(0)
                for _ in 0..<200 {
                    counter.store(0, ordering: .relaxed)
                    Threading.forEachPart(maximumParts: maximumParts, flops: 100_000_000) { part, partCount in
                        #expect(partCount == expectedParts)
                        counter.add(1 << (part * 4), ordering: .relaxed)  // a part run twice shows as a 2
                    }
                    #expect(counter.load(ordering: .relaxed) == (0..<expectedParts).reduce(0) { $0 | 1 << ($1 * 4) })
                }
            }
        }
        withThreadCount(2) {
            Threading.forEachPart(maximumParts: 8, flops: 10) { part, partCount in
                #expect(part == 0 && partCount == 1)
            }
        }
    }

    @Test("kernels called from several threads at once, and from inside a part, give the same results")
    func concurrentCallers() {
        var random = SeededRandom(seed: 42)
        let (channels, side) = (64, 28)
        let input = random.floats(channels * side * side)
        let kernel = random.floats(channels * 25)
        let expected = DepthwiseConvolutionTests.run(input: input, channels: channels, height: side, width: side,
                                                     kernel: kernel, kernelSize: 5, stride: 1, bias: nil,
                                                     activation: .relu6)
        withThreadCount(2) {
            let mismatches = Synchronization.Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                for _ in 0..<5 {
                    let result = DepthwiseConvolutionTests.run(
                        input: input, channels: channels, height: side, width: side, kernel: kernel, kernelSize: 5,
                        stride: 1, bias: nil, activation: .relu6)
                    if result != expected { mismatches.add(1, ordering: .relaxed) }
                }
            }
            #expect(mismatches.load(ordering: .relaxed) == 0)

            let nestedMismatches = Synchronization.Atomic<Int>(0)
            Threading.forEachPart(maximumParts: 2, flops: 100_000_000) { _, _ in
                let result = DepthwiseConvolutionTests.run(
                    input: input, channels: channels, height: side, width: side, kernel: kernel, kernelSize: 5,
                    stride: 1, bias: nil, activation: .relu6)
                if result != expected { nestedMismatches.add(1, ordering: .relaxed) }
            }
            #expect(nestedMismatches.load(ordering: .relaxed) == 0)
        }
    }
}
