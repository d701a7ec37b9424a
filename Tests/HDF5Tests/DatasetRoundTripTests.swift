import Foundation
import HDF5
import Testing
import TestSupport

/// Every numeric type and rank written and read back, compared element by element with what was written.
@Suite struct DatasetRoundTripTests {
    /// Deterministic values that differ from element to element and exercise the type's range.
    static func values<T: HDF5Scalar>(_ count: Int, as: T.Type) -> [T] {
        (0 ..< count).map { index in
            switch T.self {
            case is Float.Type: return Float(index) * 0.37 - 1.5 as! T
            case is Double.Type: return Double(index) * 1e-3 - 7.25e10 as! T
            case is Int32.Type: return Int32(index * 7919 - 1_000_000) as! T
            case is Int64.Type: return Int64(index) * 3_000_000_007 - 9_000_000_000_000 as! T
            case is UInt8.Type: return UInt8((index * 37) % 256) as! T
            default: return Int(index * 13 - 50) as! T
            }
        }
    }

    static let shapes: [[Int]] = [[], [1], [7], [3, 5], [2, 3, 4], [2, 1, 3, 5], [0], [4, 0, 2]]

    func roundTrip<T: HDF5Scalar>(_ type: T.Type, element: String) throws {
        let folder = try TemporaryDirectory("hdf5-roundtrip")
        let path = folder.file("\(element).h5").path
        let file = try HDF5File.create(path)
        for (index, shape) in Self.shapes.enumerated() {
            try file.root.write("d\(index)", Self.values(shape.reduce(1, *), as: T.self), shape: shape)
        }
        try file.close()

        let reopened = try HDF5File.open(path)
        for (index, shape) in Self.shapes.enumerated() {
            let array = try reopened.root.read("d\(index)", as: T.self)
            #expect(array.shape == shape, "d\(index)")
            #expect(array.values == Self.values(shape.reduce(1, *), as: T.self), "d\(index)")
            #expect(try reopened.root.datasetShape("d\(index)") == shape)
            #expect(try reopened.root.datasetElementType("d\(index)").description == element)
        }
    }

    @Test func float32() throws { try roundTrip(Float.self, element: "float32") }
    @Test func float64() throws { try roundTrip(Double.self, element: "float64") }
    @Test func int32() throws { try roundTrip(Int32.self, element: "int32") }
    @Test func int64() throws { try roundTrip(Int64.self, element: "int64") }
    @Test func uint8() throws { try roundTrip(UInt8.self, element: "uint8") }
    @Test func int() throws { try roundTrip(Int.self, element: "int64") }
}
