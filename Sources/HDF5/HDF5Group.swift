import CHDF5

/// A group inside an open file, named by its absolute path. Cheap to copy: it holds the file and the path, and
/// every operation opens and closes what it needs under the libhdf5 lock. Names passed to its methods are relative
/// to this group and may contain `/` (`"layers/0/weight"`).
public struct HDF5Group: HDF5AttributeHolder {
    public let file: HDF5File
    /// Absolute path inside the file (`/` for the root).
    public let path: String

    init(file: HDF5File, path: String) {
        self.file = file
        self.path = path
    }

    /// The last component of the path (`/` for the root).
    public var name: String { HDF5Paths.lastComponent(path) }

    // MARK: Navigation

    /// The existing group `name` (which may be a nested path).
    public func group(_ name: String) throws(HDF5Error) -> HDF5Group {
        let target = HDF5Paths.join(path, name)
        try file.withIdentifier(object: target, action: "opening group") { (context, id) throws(HDF5Error) in
            try HDF5Storage.require(.group, id, target, context)
        }
        return HDF5Group(file: file, path: target)
    }

    /// Creates group `name` with any missing intermediate groups; returns it if it already exists as a group.
    @discardableResult
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        let target = HDF5Paths.join(path, name)
        try file.withIdentifier(object: target, action: "creating group") { (context, id) throws(HDF5Error) in
            try HDF5Paths.validate(name, context: context)
            if HDF5Storage.exists(id, target) {
                try HDF5Storage.require(.group, id, target, context)
                return
            }
            let links = try HDF5Storage.linkCreationList(context)
            defer { H5Pclose(links) }
            let group = try context.id(H5Gcreate2(id, target, links, tandem_H5P_DEFAULT(), tandem_H5P_DEFAULT()))
            H5Gclose(group)
        }
        return HDF5Group(file: file, path: target)
    }

    /// The existing dataset `name`, for its shape, type, data and attributes.
    public func dataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        let target = HDF5Paths.join(path, name)
        try file.withIdentifier(object: target, action: "opening dataset") { (context, id) throws(HDF5Error) in
            try HDF5Storage.require(.dataset, id, target, context)
        }
        return HDF5Dataset(file: file, path: target)
    }

    /// Whether `name` (possibly nested) exists below this group. `false` also when the file is closed.
    public func contains(_ name: String) -> Bool {
        let target = HDF5Paths.join(path, name)
        return (try? file.withIdentifier(object: target, action: "looking up") { (_, id) throws(HDF5Error) in
            HDF5Storage.exists(id, target)
        }) ?? false
    }

    /// What `name` is: a group, a dataset or something else. Fails if it does not exist.
    public func kind(of name: String) throws(HDF5Error) -> HDF5ObjectKind {
        let target = HDF5Paths.join(path, name)
        return try file.withIdentifier(object: target, action: "looking up") { (context, id) throws(HDF5Error) in
            try HDF5Storage.kind(id, target, context)
        }
    }

    /// The names of this group's direct members, sorted.
    public func children() throws(HDF5Error) -> [String] {
        try file.withIdentifier(object: path, action: "listing group") { (context, id) throws(HDF5Error) in
            try HDF5Storage.require(.group, id, path, context)
            let group = try context.id(H5Gopen2(id, path, tandem_H5P_DEFAULT()))
            defer { H5Gclose(group) }
            var names: [String] = []
            var index: hsize_t = 0
            let status = withUnsafeMutablePointer(to: &names) { pointer in
                H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, clientData in
                    guard let name, let clientData else { return 0 }
                    clientData.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                    return 0
                }, pointer)
            }
            try context.ok(status)
            return names.sorted()
        }
    }

    /// Where `name` points if it is a soft link (`/target/path`) or an external link (`file.h5:/path`); `nil` for an
    /// ordinary (hard) link. A dangling soft link is listed by `children()` but not found by `contains(_:)`.
    public func linkTarget(_ name: String) throws(HDF5Error) -> String? {
        let target = HDF5Paths.join(path, name)
        return try file.withIdentifier(object: target, action: "reading link") { (context, id) throws(HDF5Error) in
            var info = H5L_info_t()
            try context.ok(H5Lget_info(id, target, &info, tandem_H5P_DEFAULT()))
            if info.type == H5L_TYPE_HARD { return nil }
            let size = info.u.val_size
            var buffer = [UInt8](repeating: 0, count: max(size, 1))
            try context.ok(H5Lget_val(id, target, &buffer, buffer.count, tandem_H5P_DEFAULT()))
            if info.type == H5L_TYPE_SOFT {
                return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            if info.type == H5L_TYPE_EXTERNAL {
                var flags: UInt32 = 0
                var fileName: UnsafePointer<CChar>?
                var objectName: UnsafePointer<CChar>?
                try context.ok(H5Lunpack_elink_val(buffer, size, &flags, &fileName, &objectName))
                return (fileName.map { String(cString: $0) } ?? "?") + ":" + (objectName.map { String(cString: $0) } ?? "?")
            }
            return "(user-defined link)"
        }
    }

    /// Removes the link `name` (a group or dataset). The space it used is not reclaimed until the file is rewritten.
    public func remove(_ name: String) throws(HDF5Error) {
        let target = HDF5Paths.join(path, name)
        try file.withIdentifier(object: target, action: "removing") { (context, id) throws(HDF5Error) in
            _ = try HDF5Storage.kind(id, target, context)
            try context.ok(H5Ldelete(id, target, tandem_H5P_DEFAULT()))
        }
    }

    // MARK: Datasets without reading their data

    /// The shape of dataset `name` (`[]` for a scalar), read without its data.
    public func datasetShape(_ name: String) throws(HDF5Error) -> [Int] { try dataset(name).shape() }

    /// The element type of dataset `name`.
    public func datasetElementType(_ name: String) throws(HDF5Error) -> HDF5ElementType { try dataset(name).elementType() }

    // MARK: Numeric datasets

    /// Writes `values` (row-major) as dataset `name` of `shape` (`[]` for a scalar), replacing an existing dataset
    /// of that name and creating missing intermediate groups. Returns the dataset, e.g. to set attributes on it.
    @discardableResult
    public func write<T: HDF5Scalar>(_ name: String, _ values: [T], shape: [Int]) throws(HDF5Error) -> HDF5Dataset {
        let target = HDF5Paths.join(path, name)
        try file.withIdentifier(object: target, action: "writing dataset") { (context, id) throws(HDF5Error) in
            try HDF5Paths.validate(name, context: context)
            try HDF5Storage.validate(shape: shape, count: values.count, context)
            guard let memoryType = T.hdf5ElementType.nativeTypeID else { throw context.failure("unsupported type") }
            let dataset = try HDF5Dataset.create(id, target, type: memoryType, shape: shape, context)
            defer { H5Dclose(dataset) }
            if values.isEmpty { return }
            let status = values.withUnsafeBytes {
                H5Dwrite(dataset, memoryType, tandem_H5S_ALL(), tandem_H5S_ALL(), tandem_H5P_DEFAULT(), $0.baseAddress)
            }
            try context.ok(status)
        }
        return HDF5Dataset(file: file, path: target)
    }

    /// Writes one number as a scalar (rank-0) dataset.
    @discardableResult
    public func write<T: HDF5Scalar>(_ name: String, scalar value: T) throws(HDF5Error) -> HDF5Dataset {
        try write(name, [value], shape: [])
    }

    /// Reads dataset `name` as `T`, converting from whatever numeric type is stored.
    public func read<T: HDF5Scalar>(_ name: String, as type: T.Type) throws(HDF5Error) -> HDF5Array<T> {
        try dataset(name).read(as: type)
    }

    /// The values of a Float dataset of any shape (converted from any numeric type).
    public func readFloats(_ name: String) throws(HDF5Error) -> [Float] { try read(name, as: Float.self).values }

    /// The values of a Double dataset of any shape (converted from any numeric type).
    public func readDoubles(_ name: String) throws(HDF5Error) -> [Double] { try read(name, as: Double.self).values }

    /// The single value of a scalar (or one-element) dataset.
    public func readScalar<T: HDF5Scalar>(_ name: String, as type: T.Type) throws(HDF5Error) -> T {
        try dataset(name).readScalar(as: type)
    }

    // MARK: String datasets

    /// Writes `values` as a variable-length UTF-8 string dataset (h5py reads `str`/`bytes` objects),
    /// one-dimensional unless `shape` says otherwise.
    @discardableResult
    public func writeStrings(_ name: String, _ values: [String], shape: [Int]? = nil) throws(HDF5Error) -> HDF5Dataset {
        let target = HDF5Paths.join(path, name)
        try file.withIdentifier(object: target, action: "writing dataset") { (context, id) throws(HDF5Error) in
            try HDF5Paths.validate(name, context: context)
            let shape = shape ?? [values.count]
            try HDF5Storage.validate(shape: shape, count: values.count, context)
            let type = try HDF5Storage.variableStringType(context)
            defer { H5Tclose(type) }
            let dataset = try HDF5Dataset.create(id, target, type: type, shape: shape, context)
            defer { H5Dclose(dataset) }
            if values.isEmpty { return }
            try HDF5Storage.withCStringPointers(values, context) { (buffer) throws(HDF5Error) in
                try context.ok(H5Dwrite(dataset, type, tandem_H5S_ALL(), tandem_H5S_ALL(), tandem_H5P_DEFAULT(), buffer))
            }
        }
        return HDF5Dataset(file: file, path: target)
    }

    /// Writes one string as a scalar variable-length UTF-8 dataset (e.g. a JSON document).
    @discardableResult
    public func writeString(_ name: String, _ value: String) throws(HDF5Error) -> HDF5Dataset {
        try writeStrings(name, [value], shape: [])
    }

    /// All strings of a string dataset (variable-length or fixed-size), row-major.
    public func readStrings(_ name: String) throws(HDF5Error) -> [String] { try dataset(name).readStrings() }

    /// The single string of a scalar (or one-element) string dataset.
    public func readString(_ name: String) throws(HDF5Error) -> String { try dataset(name).readString() }
}
