/// The descriptions Tandem knows by name: the built-in boards, plus `host`, discovered from the running machine.
public enum PlatformCatalog {
    /// The built-in boards, by name.
    public static let builtInNames = ["xavier-nx"]
    /// Every name `description(named:)` accepts.
    public static let names = builtInNames + ["host"]

    public struct UnknownPlatform: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "unknown platform '\(name)': expected one of \(PlatformCatalog.names.joined(separator: ", "))"
        }
    }

    /// A built-in description (validated), or `host` discovered under `sysfsRoot`.
    public static func description(named name: String, sysfsRoot: SysfsRoot = SysfsRoot()) throws -> PlatformDescription {
        switch name {
        case "xavier-nx":
            return try PlatformDescription.decode(from: EmbeddedDescriptions.xavierNX.utf8, origin: "built-in xavier-nx")
        case "host":
            return BoardDiscovery(root: sysfsRoot).discover().hostDescription
        default:
            throw UnknownPlatform(name: name)
        }
    }

    /// The Jetson Xavier NX, the embedded default. The built-in text is checked by the tests, so this cannot fail
    /// in a tested build; should it, the error names the field.
    public static func xavierNX() throws -> PlatformDescription {
        try description(named: "xavier-nx")
    }
}
