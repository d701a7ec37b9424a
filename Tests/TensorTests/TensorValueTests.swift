import Testing
@testable import Tensor

@Suite("Tensor")
struct TensorValueTests {
    @Test("shape, count, strides and row-major indexing")
    func indexing() throws {
        var tensor = try Tensor(shape: [2, 3, 4], values: (0..<24).map(Float.init))
        #expect(tensor.elementCount == 24)
        #expect(tensor.rank == 3)
        #expect(tensor.strides == [12, 4, 1])
        #expect(tensor[1, 2, 3] == 23)
        #expect(tensor[0, 1, 2] == 6)
        tensor[1, 0, 1] = -5
        #expect(tensor[flat: 13] == -5)
        #expect(Tensor(shape: []).elementCount == 1)
        #expect(Tensor(shape: [3, 0]).elementCount == 0)
        #expect(Tensor(shape: [2, 2], repeating: 7).values == [7, 7, 7, 7])
    }

    @Test("bad shapes throw typed errors that name the problem")
    func errors() {
        #expect(throws: TensorError.valueCountMismatch(shape: [2, 3], expected: 6, actual: 5)) {
            try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5])
        }
        #expect(throws: TensorError.negativeDimension(shape: [-1, 2])) { try Tensor(shape: [-1, 2], values: []) }
        #expect(throws: TensorError.self) { try Tensor(shape: [4], values: [1, 2, 3, 4]).reshaped([3]) }
        let description = TensorError.valueCountMismatch(shape: [2, 3], expected: 6, actual: 5).description
        #expect(description.contains("[2, 3]") && description.contains("6") && description.contains("5"))
    }

    @Test("reshape keeps values; pointer access reads and writes in place")
    func pointers() throws {
        var tensor = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).reshaped([3, 2])
        #expect(tensor.shape == [3, 2])
        #expect(tensor[2, 1] == 6)
        let sum = tensor.withUnsafeBufferPointer { $0.reduce(0, +) }
        #expect(sum == 21)
        tensor.withUnsafeMutableBufferPointer { buffer in for i in buffer.indices { buffer[i] *= 2 } }
        #expect(tensor.values == [2, 4, 6, 8, 10, 12])
        #expect(tensor.shape == [3, 2])
    }
}
