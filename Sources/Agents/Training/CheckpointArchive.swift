import Foundation
import HDF5

/// An agent's complete training state as named arrays (network parameters, optimiser moments, replay buffer, random
/// streams, counters) and strings (the JSON of its config): what `--resume` needs to continue exactly where the
/// checkpoint was taken. Written as HDF5 (`format` = `tandem.checkpoint`), atomically.
public struct CheckpointArchive: Equatable, Sendable {
    public static let format = "tandem.checkpoint"
    public static let version = 1

    public var floats: [String: [Float]] = [:]
    public var integers: [String: [Int]] = [:]
    public var strings: [String: String] = [:]

    public init() {}

    public struct Missing: Error, CustomStringConvertible {
        public let file: String
        public let entry: String
        public var description: String { "\(file): checkpoint lacks or has an unusable '\(entry)'" }
    }

    /// Stores a Codable value as JSON under `key`.
    public mutating func encode<T: Encodable>(_ value: T, as key: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        strings[key] = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func decode<T: Decodable>(_ type: T.Type, _ key: String, file: String = "checkpoint") throws -> T {
        guard let text = strings[key] else { throw Missing(file: file, entry: key) }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public func floats(_ key: String, file: String = "checkpoint") throws -> [Float] {
        guard let values = floats[key] else { throw Missing(file: file, entry: key) }
        return values
    }

    public func integers(_ key: String, file: String = "checkpoint") throws -> [Int] {
        guard let values = integers[key] else { throw Missing(file: file, entry: key) }
        return values
    }

    /// A random stream stored as its four state words.
    public mutating func store(_ stream: RandomStream, as key: String) {
        integers[key] = stream.state.map { Int(bitPattern: UInt(truncatingIfNeeded: $0)) }
    }

    public func stream(_ key: String, file: String = "checkpoint") throws -> RandomStream {
        let words = try integers(key, file: file).map { UInt64(UInt(bitPattern: $0)) }
        guard let stream = RandomStream(state: words) else { throw Missing(file: file, entry: key) }
        return stream
    }

    /// Writes the archive to `path` atomically: a kill mid-write leaves the previous checkpoint intact.
    public func write(to path: String) throws {
        try HDF5File.writeAtomically(to: path) { root in
            try root.setAttribute("format", CheckpointArchive.format)
            try root.setAttribute("version", CheckpointArchive.version)
            let floatGroup = try root.createGroup("floats")
            for (key, values) in floats.sorted(by: { $0.key < $1.key }) {
                _ = try floatGroup.write(key, values, shape: [values.count])
            }
            let integerGroup = try root.createGroup("integers")
            for (key, values) in integers.sorted(by: { $0.key < $1.key }) {
                _ = try integerGroup.write(key, values, shape: [values.count])
            }
            let stringGroup = try root.createGroup("strings")
            for (key, value) in strings.sorted(by: { $0.key < $1.key }) {
                try stringGroup.setAttribute(key, value)
            }
        }
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let file: String
        public let reason: String
        public var description: String { "\(file): not a usable Tandem checkpoint: \(reason)" }
    }

    public static func read(from path: String) throws -> CheckpointArchive {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = file.root
        guard try root.stringAttribute("format") == format else {
            throw FormatError(file: path, reason: "root attribute format is not '\(format)'")
        }
        guard let version = try root.intAttribute("version"), version == CheckpointArchive.version else {
            throw FormatError(file: path, reason: "unsupported version (this Tandem reads version \(CheckpointArchive.version))")
        }
        var archive = CheckpointArchive()
        let floatGroup = try root.group("floats")
        for key in try floatGroup.children() { archive.floats[key] = try floatGroup.readFloats(key) }
        let integerGroup = try root.group("integers")
        for key in try integerGroup.children() { archive.integers[key] = try integerGroup.read(key, as: Int.self).values }
        let stringGroup = try root.group("strings")
        for key in try stringGroup.attributeNames() { archive.strings[key] = try stringGroup.stringAttribute(key) }
        return archive
    }
}
