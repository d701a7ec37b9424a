/// The elements of one dataset or attribute: their type, shape and where their bytes lie (checked to be inside the
/// file), or `nil` bytes for a dataset whose storage was never allocated (it reads as zeros, libhdf5's default fill).
struct HDF5StoredValues {
    let type: HDF5StoredType
    let space: HDF5Dataspace
    let start: Int?

    /// Unallocated storage reads as zeros made in memory; beyond this count the dataspace is taken for damage.
    static let maxUnallocatedElements = 1 << 26

    init(_ file: HDF5FileBytes, type: HDF5StoredType, space: HDF5Dataspace, start: Int?, available: Int?,
         object: String) throws(HDF5ReadError) {
        self.type = type
        self.space = space
        self.start = start
        if start == nil, space.elementCount > Self.maxUnallocatedElements {
            throw file.error(.corrupt, "\(space.elementCount) elements without storage", object: object)
        }
        guard let start, let elementSize = type.storedSize(offsetSize: file.offsetSize) else { return }
        let (needed, overflow) = space.elementCount.multipliedReportingOverflow(by: elementSize)
        guard !overflow else { throw file.error(.corrupt, "element count overflows", object: object) }
        if let available, available < needed {
            throw file.error(.corrupt, "\(space.elementCount) elements of \(type) need \(needed) bytes, "
                             + "but only \(available) are stored", object: object)
        }
        try file.require(start, needed, "data of \(object)")
    }

    func numbers<T: HDF5ReadableNumber>(_ file: HDF5FileBytes, as: T.Type, object: String) throws(HDF5ReadError) -> [T] {
        guard type.isNumeric else { throw file.error(.wrongType, "holds \(type), not numbers", object: object) }
        guard let start else {
            guard let zero = T(storedInteger: 0) else { return [] }
            return [T](repeating: zero, count: space.elementCount)
        }
        return try HDF5ElementDecoding.numbers(file, type: type, start: start, count: space.elementCount, as: T.self,
                                               object: object)
    }

    func strings(_ file: HDF5FileBytes, object: String) throws(HDF5ReadError) -> [String] {
        guard type.isString else { throw file.error(.wrongType, "holds \(type), not strings", object: object) }
        guard let start else { return [String](repeating: "", count: space.elementCount) }
        var heap = HDF5GlobalHeap()
        return try HDF5ElementDecoding.strings(file, type: type, start: start, count: space.elementCount, heap: &heap,
                                               object: object)
    }
}
