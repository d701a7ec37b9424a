import Foundation
import HDF5
import Testing
import TestSupport

/// Every numeric type and rank written and read back, compared element by element with what was written.
@Suite struct DatasetRoundTripTests {
    /// Deterministic values that differ from element to element and reach far into each type's range.
    static func float32(_ index: Int) -> Float { Float(index) * 0.37 - 1.5 }
    static func float64(_ index: Int) -> Double { Double(index) * 1e-3 - 7.25e10 }
    static func int32(_ index: Int) -> Int32 { Int32(index * 7919 - 1_000_000) }
    static func int64(_ index: Int) -> Int64 { Int64(index) * 3_000_000_007 - 9_000_000_000_000 }
    static func uint8(_ index: Int) -> UInt8 { UInt8((index * 37) % 256) }
    static func int(_ index: Int) -> Int { index * 13 - 50 }

    static let shapes: [[Int]] = [[], [1], [7], [3, 5], [2, 3, 4], [2, 1, 3, 5], [0], [4, 0, 2]]

    func roundTrip<T: HDF5Scalar>(_ value: (Int) -> T, element: String) throws {
        let folder = try TemporaryDirectory("hdf5-roundtrip")
        let path = folder.file("\(element).h5").path
        let file = try HDF5File.create(path)
        for (index, shape) in Self.shapes.enumerated() {
            try file.root.write("d\(index)", (0 ..< shape.reduce(1, *)).map(value), shape: shape)
        }
        try file.close()

        let reopened = try HDF5File.open(path)
        for (index, shape) in Self.shapes.enumerated() {
            let array = try reopened.root.read("d\(index)", as: T.self)
            #expect(array.rank == shape.count)
            #expect(array.shape == shape, "d\(index)")
            #expect(array.values == (0 ..< shape.reduce(1, *)).map(value), "d\(index)")
            #expect(try reopened.root.datasetShape("d\(index)") == shape)
            #expect(try reopened.root.datasetElementType("d\(index)").description == element)
        }
    }

    @Test func float32() throws { try roundTrip(Self.float32, element: "float32") }
    @Test func float64() throws { try roundTrip(Self.float64, element: "float64") }
    @Test func int32() throws { try roundTrip(Self.int32, element: "int32") }
    @Test func int64() throws { try roundTrip(Self.int64, element: "int64") }
    @Test func uint8() throws { try roundTrip(Self.uint8, element: "uint8") }
    @Test func int() throws { try roundTrip(Self.int, element: "int64") }
}
