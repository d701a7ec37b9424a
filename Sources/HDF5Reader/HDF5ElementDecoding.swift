/// Turns the stored bytes of a dataset or attribute (`count` elements of `type` starting at `start`) into Swift
/// values. The caller has checked that the bytes lie inside the file.
enum HDF5ElementDecoding {
    static func numbers<T: HDF5ReadableNumber>(_ file: HDF5FileBytes, type: HDF5StoredType, start: Int, count: Int,
                                               as: T.Type, object: String) throws(HDF5ReadError) -> [T] {
        func mismatch() -> HDF5ReadError {
            file.error(.wrongType, "holds \(type), which cannot be read as \(T.self)", object: object)
        }
        if count == 0 { return [] }
        // Fast paths for the bulk of the weights and policy data: same layout on disk and in memory.
        if T.self == Float.self, type == .float(bytes: 4, bigEndian: false) {
            return copied(file, start: start, count: count)
        }
        if T.self == Double.self, type == .float(bytes: 8, bigEndian: false) {
            return copied(file, start: start, count: count)
        }
        if T.self == Int.self || T.self == Int64.self, type == .integer(bytes: 8, signed: true, bigEndian: false) {
            return copied(file, start: start, count: count)
        }
        var values: [T] = []
        values.reserveCapacity(count)
        switch type {
        case let .integer(bytes, signed, bigEndian):
            for index in 0 ..< count {
                let raw = word(file.bytes, start + index * bytes, bytes, bigEndian: bigEndian)
                let value: T?
                if signed {
                    let shift = UInt64(64 - 8 * bytes)
                    value = T(storedInteger: Int64(bitPattern: raw << shift) >> Int64(shift))
                } else {
                    value = T(storedUnsigned: raw)
                }
                guard let value else {
                    throw file.error(.wrongType, "element \(index) (\(raw)) does not fit \(T.self)", object: object)
                }
                values.append(value)
            }
        case let .float(bytes, bigEndian):
            for index in 0 ..< count {
                let raw = word(file.bytes, start + index * bytes, bytes, bigEndian: bigEndian)
                let real: Double = switch bytes {
                case 2: halfToDouble(UInt16(truncatingIfNeeded: raw))
                case 4: Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
                default: Double(bitPattern: raw)
                }
                guard let value = T(storedFloat: real) else { throw mismatch() }
                values.append(value)
            }
        default:
            throw mismatch()
        }
        return values
    }

    /// `count` elements copied byte for byte (little-endian host, same width).
    private static func copied<T>(_ file: HDF5FileBytes, start: Int, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            file.bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[start ..< start + count * MemoryLayout<T>.stride]))
            }
            initialized = count
        }
    }

    private static func word(_ bytes: [UInt8], _ position: Int, _ size: Int, bigEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        for index in 0 ..< size {
            let byte = bytes[position + (bigEndian ? size - 1 - index : index)]
            value |= UInt64(byte) << (8 * UInt64(index))
        }
        return value
    }

    /// IEEE binary16 → Double (exact: every half value is a double).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = Double(bits & 0x03FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    static func strings(_ file: HDF5FileBytes, type: HDF5StoredType, start: Int, count: Int,
                        heap: inout HDF5GlobalHeap, object: String) throws(HDF5ReadError) -> [String] {
        switch type {
        case let .fixedString(bytes, spacePadded):
            return (0 ..< count).map { index in
                var element = file.bytes[start + index * bytes ..< start + (index + 1) * bytes].prefix { $0 != 0 }
                if spacePadded { while element.last == 0x20 { element = element.dropLast() } }
                return String(decoding: element, as: UTF8.self)
            }
        case .variableString:
            let stride = 8 + file.offsetSize
            var texts: [String] = []
            texts.reserveCapacity(count)
            for index in 0 ..< count {
                let element = start + index * stride
                let length = try file.u32(element, "variable-length string length")
                let collection = try file.address(element + 4, "variable-length string heap address")
                let heapIndex = try file.u32(element + 4 + file.offsetSize, "variable-length string heap index")
                if length == 0 {
                    texts.append("")
                    continue
                }
                let bytes = try heap.object(file, collection: collection, index: heapIndex, length: length, object: object)
                texts.append(String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
            }
            return texts
        default:
            throw file.error(.wrongType, "holds \(type), not strings", object: object)
        }
    }
}
