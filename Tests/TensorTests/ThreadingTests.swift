import CBLAS
import Synchronization
import Testing
@testable import Tensor

@Suite("Threading")
struct ThreadingTests {
    @Test("the setting reaches OpenBLAS and is clamped to at least one")
    func setting() {
        withThreadCount(1) {
            #expect(Threading.threadCount == 1)
            #expect(openblas_get_num_threads() == 1)
        }
        withThreadCount(0) { #expect(Threading.threadCount == 1) }
        withThreadCount(2) {
            #expect(Threading.threadCount == 2)
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
        withThreadCount(2) {
            let counter = Synchronization.Atomic<Int>(0)
            Threading.forEachPart(maximumParts: 8, flops: 100_000_000) { part, partCount in
                #expect(partCount == 2)
                counter.add(1 << (part * 4), ordering: .relaxed)
            }
            #expect(counter.load(ordering: .relaxed) == 0x11)
            Threading.forEachPart(maximumParts: 8, flops: 10) { part, partCount in
                #expect(part == 0 && partCount == 1)
            }
        }
    }
}
