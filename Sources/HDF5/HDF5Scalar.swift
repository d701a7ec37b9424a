/// A Swift number type that maps one-to-one onto an HDF5 element type, so arrays of it are written and read
/// without copying element by element. Reading converts through libhdf5 whatever numeric type is on disk
/// (e.g. float64 on disk read as `Float`, int64 read as `Int32`, saturating on overflow).
public protocol HDF5Scalar: Numeric, BitwiseCopyable, Sendable {
    /// The HDF5 type this Swift type is stored as.
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Float: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float32 } }
extension Double: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float64 } }
extension Int32: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int32 } }
extension Int64: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int64 } }
extension UInt8: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint8 } }
/// `Int` is stored as int64 (Tandem runs on 64-bit Linux only).
extension Int: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int64 } }
