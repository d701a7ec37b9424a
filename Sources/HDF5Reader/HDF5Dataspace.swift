/// A dataspace message (specification section IV.A.2.b), versions 1 and 2: the shape of a dataset or attribute.
struct HDF5Dataspace: Equatable {
    /// Dimensions, `[]` for a scalar.
    let shape: [Int]
    /// A null dataspace holds no element at all (as opposed to a scalar, which holds one).
    let isNull: Bool

    var elementCount: Int { isNull ? 0 : shape.reduce(1, *) }

    /// Datasets and attributes larger than this many elements are taken for damage (it is far above Tandem's files).
    static let maxElements = 1 << 40

    static func read(_ file: HDF5FileBytes, _ start: Int, size: Int, object: String) throws(HDF5ReadError) -> HDF5Dataspace {
        func fail(_ reason: String) -> HDF5ReadError { file.error(.corrupt, "dataspace: \(reason)", object: object) }
        try file.require(start, size, "dataspace of \(object)")
        let version = try file.u8(start, "dataspace version")
        let rank = try file.u8(start + 1, "dataspace rank")
        let flags = try file.u8(start + 2, "dataspace flags")
        let dimensionsAt: Int
        var isNull = false
        switch version {
        case 1: dimensionsAt = start + 8
        case 2:
            let type = try file.u8(start + 3, "dataspace type")
            guard type <= 2 else { throw fail("unknown dataspace type \(type)") }
            isNull = type == 2
            dimensionsAt = start + 4
        default: throw fail("unknown version \(version)")
        }
        guard rank <= 32 else { throw fail("rank \(rank) exceeds HDF5's limit of 32") }
        var shape: [Int] = []
        var total = 1
        for axis in 0 ..< rank {
            let position = dimensionsAt + axis * file.lengthSize
            guard position + file.lengthSize <= start + size else { throw fail("dimension \(axis) lies outside the message") }
            let dimension = try file.unsigned(position, file.lengthSize, "dataspace dimension")
            guard dimension <= UInt64(maxElements) else { throw fail("dimension \(axis) is \(dimension)") }
            shape.append(Int(dimension))
            let (product, overflow) = total.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow, product <= maxElements else { throw fail("\(shape)… holds too many elements") }
            total = product
        }
        if flags & 0x01 != 0 {
            guard dimensionsAt + 2 * rank * file.lengthSize <= start + size else { throw fail("maximum dimensions lie outside the message") }
        }
        return HDF5Dataspace(shape: shape, isNull: isNull)
    }
}
