/// A readable outline of a whole HDF5 file, like `h5dump -H` but shorter: groups (ending in `/`), datasets with
/// dtype and shape, attributes with their values (long strings and arrays abbreviated). `tandem inspect` prints it.
public enum HDF5Outline {
    public struct Options: Sendable {
        /// Also print the first values of each dataset.
        public var showValues: Bool
        /// Array elements shown before abbreviating.
        public var maxElements: Int
        /// String characters shown before abbreviating.
        public var maxCharacters: Int

        public init(showValues: Bool = false, maxElements: Int = 8, maxCharacters: Int = 120) {
            self.showValues = showValues
            self.maxElements = maxElements
            self.maxCharacters = maxCharacters
        }
    }

    /// The outline's lines, and the objects that could not be read (each with the problem), which are also marked
    /// in the outline.
    public static func describe(_ file: HDF5File, options: Options = Options()) -> (lines: [String], problems: [HDF5Error]) {
        var writer = Writer(options: options)
        writer.line("/", depth: 0)
        writer.members(of: file.root, depth: 1)
        return (writer.lines, writer.problems)
    }

    private struct Writer {
        /// Hard links can form cycles too; nothing Tandem writes is this deep.
        static let maxDepth = 64
        let options: Options
        var lines: [String] = []
        var problems: [HDF5Error] = []

        mutating func line(_ text: String, depth: Int) {
            lines.append(String(repeating: "  ", count: depth) + text)
        }

        mutating func members(of group: HDF5Group, depth: Int) {
            attributes(of: group, depth: depth)
            let names: [String]
            do {
                names = try group.children()
            } catch {
                fail(error, depth: depth)
                return
            }
            for name in names {
                do {
                    // Links are shown, not followed: a soft link may point at a parent and loop forever.
                    if let target = try group.linkTarget(name) {
                        let state = group.contains(name) ? "" : ", dangling"
                        line("\(name) -> \(target)  (link\(state))", depth: depth)
                        continue
                    }
                    guard depth <= Self.maxDepth else {
                        line("\(name)  (deeper than \(Self.maxDepth) levels, not shown)", depth: depth)
                        continue
                    }
                    switch try group.kind(of: name) {
                    case .group:
                        let child = try group.group(name)
                        line(name + "/", depth: depth)
                        members(of: child, depth: depth + 1)
                    case .dataset:
                        let dataset = try group.dataset(name)
                        let type = try dataset.elementType()
                        let shape = try dataset.shape()
                        line("\(name)  \(type) \(shapeText(shape))", depth: depth)
                        if options.showValues { values(of: dataset, type: type, depth: depth + 1) }
                        attributes(of: dataset, depth: depth + 1)
                    case .other:
                        line("\(name)  (named datatype or other object)", depth: depth)
                    }
                } catch {
                    line("\(name)  (unreadable: \(error.reason))", depth: depth)
                    problems.append(error)
                }
            }
        }

        mutating func attributes(of holder: some HDF5AttributeHolder, depth: Int) {
            let names: [String]
            do {
                names = try holder.attributeNames()
            } catch {
                fail(error, depth: depth)
                return
            }
            for name in names {
                do {
                    let layout = try holder.attributeLayout(name)
                    if layout.elementType.isNumeric || layout.elementType == .string, let value = try holder.attribute(name) {
                        line("@\(name) = \(text(value))", depth: depth)
                    } else {
                        line("@\(name): \(layout.elementType) \(shapeText(layout.shape)) (not shown)", depth: depth)
                    }
                } catch {
                    line("@\(name)  (unreadable: \(error.reason))", depth: depth)
                    problems.append(error)
                }
            }
        }

        mutating func values(of dataset: HDF5Dataset, type: HDF5ElementType, depth: Int) {
            do {
                switch type {
                case .string:
                    show(try dataset.readStrings().map(quoted), scalar: try dataset.shape().isEmpty, depth: depth)
                case .float16, .float32, .float64:
                    let array = try dataset.read(as: Double.self)
                    show(array.values.map { String($0) }, scalar: array.shape.isEmpty, depth: depth)
                case _ where type.isNumeric:
                    let array = try dataset.read(as: Int64.self)
                    show(array.values.map { String($0) }, scalar: array.shape.isEmpty, depth: depth)
                default:
                    line("(values of \(type) not shown)", depth: depth)
                }
            } catch {
                fail(error, depth: depth)
            }
        }

        mutating func show(_ items: [String], scalar: Bool, depth: Int) {
            line("= " + (scalar ? items.first ?? "" : list(items)), depth: depth)
        }

        mutating func fail(_ error: HDF5Error, depth: Int) {
            line("(unreadable: \(error.reason))", depth: depth)
            problems.append(error)
        }

        func shapeText(_ shape: [Int]) -> String {
            shape.isEmpty ? "scalar" : "[" + shape.map(String.init).joined(separator: ", ") + "]"
        }

        func text(_ value: HDF5AttributeValue) -> String {
            switch value {
            case .string(let text): quoted(text)
            case .strings(let texts): list(texts.map(quoted))
            case .int(let number): String(number)
            case .ints(let numbers): list(numbers.map(String.init))
            case .double(let number): String(number)
            case .doubles(let numbers): list(numbers.map { String($0) })
            }
        }

        /// `[a, b, c, …] (N values)` beyond `maxElements`.
        func list(_ items: [String]) -> String {
            if items.count <= options.maxElements { return "[" + items.joined(separator: ", ") + "]" }
            return "[" + items.prefix(options.maxElements).joined(separator: ", ") + ", …] (\(items.count) values)"
        }

        /// A quoted string on one line, abbreviated beyond `maxCharacters`.
        func quoted(_ text: String) -> String {
            var escaped = ""
            for character in text {
                switch character {
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                default: escaped.append(character)
                }
            }
            if escaped.count <= options.maxCharacters { return "\"\(escaped)\"" }
            return "\"\(escaped.prefix(options.maxCharacters))…\" (\(text.count) characters)"
        }
    }
}
