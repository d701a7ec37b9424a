import CHDF5

/// A dataset inside an open file, named by its absolute path; like `HDF5Group` it opens what it needs per call.
public struct HDF5Dataset: HDF5AttributeHolder {
    public let file: HDF5File
    public let path: String

    init(file: HDF5File, path: String) {
        self.file = file
        self.path = path
    }

    public var name: String { HDF5Paths.lastComponent(path) }

    /// The shape (`[]` for a scalar), read without the data.
    public func shape() throws(HDF5Error) -> [Int] {
        try withOpened(action: "reading shape of dataset") { (context, dataset) throws(HDF5Error) in
            let space = try context.id(H5Dget_space(dataset))
            defer { H5Sclose(space) }
            return try HDF5Storage.shape(ofSpace: space, context)
        }
    }

    /// The element type stored on disk.
    public func elementType() throws(HDF5Error) -> HDF5ElementType {
        try withOpened(action: "reading type of dataset") { (context, dataset) throws(HDF5Error) in
            let type = try context.id(H5Dget_type(dataset))
            defer { H5Tclose(type) }
            return HDF5ElementType(typeID: type)
        }
    }

    /// The data as `T`, converted by libhdf5 from whatever numeric type is stored.
    public func read<T: HDF5Scalar>(as: T.Type) throws(HDF5Error) -> HDF5Array<T> {
        try withOpened(action: "reading dataset") { (context, dataset) throws(HDF5Error) in
            let space = try context.id(H5Dget_space(dataset))
            defer { H5Sclose(space) }
            let type = try context.id(H5Dget_type(dataset))
            defer { H5Tclose(type) }
            let shape = try HDF5Storage.shape(ofSpace: space, context)
            let count = try HDF5Storage.count(ofSpace: space, context)
            let values = try HDF5Storage.readNumbers(as: T.self, fileType: type, count: count, context) { memory, buffer in
                H5Dread(dataset, memory, tandem_H5S_ALL(), tandem_H5S_ALL(), tandem_H5P_DEFAULT(), buffer)
            }
            return HDF5Array(validShape: count == 0 && shape.isEmpty ? [0] : shape, values: values)
        }
    }

    /// The single value of a scalar or one-element dataset.
    public func readScalar<T: HDF5Scalar>(as type: T.Type) throws(HDF5Error) -> T {
        let array = try read(as: type)
        guard array.count == 1, let value = array.values.first else {
            throw HDF5Error(file: file.path, object: path, action: "reading scalar dataset",
                            reason: "holds \(array.count) values of shape \(array.shape), expected exactly one")
        }
        return value
    }

    /// All strings, row-major (variable-length or fixed-size strings).
    public func readStrings() throws(HDF5Error) -> [String] {
        try withOpened(action: "reading string dataset") { (context, dataset) throws(HDF5Error) in
            let space = try context.id(H5Dget_space(dataset))
            defer { H5Sclose(space) }
            let type = try context.id(H5Dget_type(dataset))
            defer { H5Tclose(type) }
            guard H5Tget_class(type) == H5T_STRING else {
                throw HDF5Error(file: context.file, object: path, action: context.action,
                                reason: "holds \(HDF5ElementType(typeID: type)), not strings")
            }
            let count = try HDF5Storage.count(ofSpace: space, context)
            return try HDF5Storage.readStrings(fileType: type, space: space, count: count, context) { memory, buffer in
                H5Dread(dataset, memory, tandem_H5S_ALL(), tandem_H5S_ALL(), tandem_H5P_DEFAULT(), buffer)
            }
        }
    }

    /// The single string of a scalar or one-element string dataset.
    public func readString() throws(HDF5Error) -> String {
        let strings = try readStrings()
        guard strings.count == 1, let value = strings.first else {
            throw HDF5Error(file: file.path, object: path, action: "reading string dataset",
                            reason: "holds \(strings.count) strings, expected exactly one")
        }
        return value
    }

    /// Opens the dataset under the lock for `body`.
    private func withOpened<Result>(action: String,
                                    _ body: (HDF5Context, hid_t) throws(HDF5Error) -> Result) throws(HDF5Error) -> Result {
        try file.withIdentifier(object: path, action: action) { (context, id) throws(HDF5Error) -> Result in
            try HDF5Storage.require(.dataset, id, path, context)
            let dataset = try context.id(H5Dopen2(id, path, tandem_H5P_DEFAULT()))
            defer { H5Dclose(dataset) }
            return try body(context, dataset)
        }
    }

    /// Creates (replacing any existing object of that name) a dataset and returns its open identifier.
    static func create(_ file: hid_t, _ path: String, type: hid_t, shape: [Int],
                       _ context: HDF5Context) throws(HDF5Error) -> hid_t {
        if HDF5Storage.exists(file, path) {
            try HDF5Storage.require(.dataset, file, path, context)
            try context.ok(H5Ldelete(file, path, tandem_H5P_DEFAULT()))
        }
        let space = try HDF5Storage.createSpace(shape, context)
        defer { H5Sclose(space) }
        let links = try HDF5Storage.linkCreationList(context)
        defer { H5Pclose(links) }
        return try context.id(H5Dcreate2(file, path, type, space, links, tandem_H5P_DEFAULT(), tandem_H5P_DEFAULT()))
    }
}
