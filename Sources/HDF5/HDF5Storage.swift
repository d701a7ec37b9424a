import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// The libhdf5 operations behind groups, datasets and attributes. Every function here must be called inside
/// `HDF5Library.locked` and closes every identifier it opens.
enum HDF5Storage {
    /// Whether an object exists at the absolute `path` (every intermediate link must exist too).
    static func exists(_ file: hid_t, _ path: String) -> Bool {
        if path == "/" { return true }
        for prefix in HDF5Paths.prefixes(path) {
            let answer = H5Lexists(file, prefix, tandem_H5P_DEFAULT())
            guard answer > 0 else {
                H5Eclear2(tandem_H5E_DEFAULT())
                return false
            }
            // An intermediate link that is not a group ends the walk (H5Lexists would fail below it).
            if prefix != path, kindIfExists(file, prefix) != .group { return false }
        }
        return kindIfExists(file, path) != nil
    }

    private static func kindIfExists(_ file: hid_t, _ path: String) -> HDF5ObjectKind? {
        let object = H5Oopen(file, path, tandem_H5P_DEFAULT())
        guard object >= 0 else {
            H5Eclear2(tandem_H5E_DEFAULT())
            return nil
        }
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// The kind of the object at `path`, or an error naming what is missing.
    static func kind(_ file: hid_t, _ path: String, _ context: HDF5Context) throws(HDF5Error) -> HDF5ObjectKind {
        guard exists(file, path), let kind = kindIfExists(file, path) else {
            throw HDF5Error(file: context.file, object: path, action: context.action, reason: "no such object")
        }
        return kind
    }

    /// Fails unless `path` is an existing object of `expected` kind.
    static func require(_ expected: HDF5ObjectKind, _ file: hid_t, _ path: String,
                        _ context: HDF5Context) throws(HDF5Error) {
        let found = try kind(file, path, context)
        guard found == expected else {
            throw HDF5Error(file: context.file, object: path, action: context.action,
                            reason: "is a \(found), not a \(expected)")
        }
    }

    /// A link-creation property list that creates missing intermediate groups and stores UTF-8 names.
    static func linkCreationList(_ context: HDF5Context) throws(HDF5Error) -> hid_t {
        let list = try context.id(H5Pcreate(tandem_H5P_LINK_CREATE()))
        do throws(HDF5Error) {
            try context.ok(H5Pset_create_intermediate_group(list, 1))
            try context.ok(H5Pset_char_encoding(list, H5T_CSET_UTF8))
        } catch {
            H5Pclose(list)
            throw error
        }
        return list
    }

    /// The dimensions of a dataspace (`[]` for a scalar or null dataspace).
    static func shape(ofSpace space: hid_t, _ context: HDF5Context) throws(HDF5Error) -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 else { throw context.failure() }
        if rank == 0 { return [] }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { throw context.failure() }
        return dims.map { Int($0) }
    }

    /// Number of elements in a dataspace (0 for a null dataspace).
    static func count(ofSpace space: hid_t, _ context: HDF5Context) throws(HDF5Error) -> Int {
        let points = H5Sget_simple_extent_npoints(space)
        guard points >= 0 else { throw context.failure() }
        return Int(points)
    }

    /// A dataspace for `shape` (`[]` means scalar). The caller closes it.
    static func createSpace(_ shape: [Int], _ context: HDF5Context) throws(HDF5Error) -> hid_t {
        if shape.isEmpty { return try context.id(H5Screate(H5S_SCALAR)) }
        let dims = shape.map { hsize_t($0) }
        return try context.id(H5Screate_simple(Int32(dims.count), dims, nil))
    }

    /// Checks that `shape` holds exactly `count` values.
    static func validate(shape: [Int], count: Int, _ context: HDF5Context) throws(HDF5Error) {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw HDF5Error(file: context.file, object: context.object, action: context.action,
                            reason: "shape \(shape) has a negative dimension")
        }
        let expected = shape.reduce(1, *)
        guard expected == count else {
            throw HDF5Error(file: context.file, object: context.object, action: context.action,
                            reason: "shape \(shape) holds \(expected) values but \(count) were given")
        }
    }

    /// A variable-length UTF-8 string type (what h5py writes for `str`). The caller closes it.
    static func variableStringType(_ context: HDF5Context) throws(HDF5Error) -> hid_t {
        let type = try context.id(H5Tcopy(tandem_H5T_C_S1()))
        guard H5Tset_size(type, tandem_H5T_VARIABLE()) >= 0, H5Tset_cset(type, H5T_CSET_UTF8) >= 0 else {
            H5Tclose(type)
            throw context.failure()
        }
        return type
    }

    /// Calls `body` with a buffer of C string pointers for `values` (as libhdf5 writes variable-length strings).
    static func withCStringPointers<R>(_ values: [String], _ context: HDF5Context,
                                       _ body: (UnsafeRawPointer) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        // One spare null pointer keeps the buffer non-empty, so it always has an address.
        let pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        let result: Swift.Result<R, HDF5Error> = pointers.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return .failure(context.failure("no buffer")) }
            do throws(HDF5Error) { return .success(try body(base)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Reads `count` strings stored with `fileType` (variable-length or fixed-size) through `read`, which is
    /// `H5Dread` or `H5Aread` given a memory type and a buffer. `space` is the object's dataspace.
    static func readStrings(fileType: hid_t, space: hid_t, count: Int, _ context: HDF5Context,
                            read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws(HDF5Error) -> [String] {
        if count == 0 { return [] }
        let memoryType = try context.id(H5Tget_native_type(fileType, H5T_DIR_DEFAULT))
        defer { H5Tclose(memoryType) }
        if try context.truth(H5Tis_variable_str(fileType)) {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { callRead(read, memoryType, $0) }
            try context.ok(status)
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            pointers.withUnsafeMutableBytes {
                if let base = $0.baseAddress { _ = H5Dvlen_reclaim(memoryType, space, tandem_H5P_DEFAULT(), base) }
            }
            return strings
        }
        let size = H5Tget_size(memoryType)
        guard size > 0 else { throw context.failure() }
        let padsWithSpaces = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: size * count)
        let status = bytes.withUnsafeMutableBytes { callRead(read, memoryType, $0) }
        try context.ok(status)
        return (0 ..< count).map { index in
            var element = bytes[index * size ..< (index + 1) * size].prefix { $0 != 0 }
            if padsWithSpaces { while element.last == 0x20 { element = element.dropLast() } }
            return String(decoding: element, as: UTF8.self)
        }
    }

    /// Reads `count` numbers of any numeric file type as `T` (libhdf5 converts).
    static func readNumbers<T: HDF5Scalar>(as: T.Type, fileType: hid_t, count: Int, _ context: HDF5Context,
                                           read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws(HDF5Error) -> [T] {
        let stored = HDF5ElementType(typeID: fileType)
        guard stored.isNumeric, stored != .float16 || T.hdf5ElementType == .float32 || T.hdf5ElementType == .float64 else {
            throw HDF5Error(file: context.file, object: context.object, action: context.action,
                            reason: "holds \(stored), which cannot be read as \(T.hdf5ElementType)")
        }
        if count == 0 { return [] }
        guard let memoryType = T.hdf5ElementType.nativeTypeID else { throw context.failure("unsupported type") }
        var values = [T](repeating: .zero, count: count)
        let status = values.withUnsafeMutableBytes { callRead(read, memoryType, $0) }
        try context.ok(status)
        return values
    }

    /// Calls `read` with the buffer's address; an empty buffer (never passed here) reports a failure.
    private static func callRead(_ read: (hid_t, UnsafeMutableRawPointer) -> herr_t, _ type: hid_t,
                                 _ buffer: UnsafeMutableRawBufferPointer) -> herr_t {
        guard let base = buffer.baseAddress else { return -1 }
        return read(type, base)
    }
}
