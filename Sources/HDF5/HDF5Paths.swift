/// Object paths inside a file: absolute, `/`-separated, no trailing slash (the root is `/`).
enum HDF5Paths {
    /// `name` (relative, may contain `/`) below `parent`; an absolute `name` stays as it is.
    static func join(_ parent: String, _ name: String) -> String {
        if name.hasPrefix("/") { return normalised(name) }
        return normalised(parent == "/" ? "/" + name : parent + "/" + name)
    }

    static func normalised(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    /// The last component (`w` of `/a/w`), `/` for the root.
    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? "/"
    }

    /// Every prefix of `path` from the first component down to `path` itself (`/a`, `/a/b`).
    static func prefixes(_ path: String) -> [String] {
        var result: [String] = []
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            result.append(current)
        }
        return result
    }

    /// Rejects names libhdf5 cannot store (empty, or made only of slashes).
    static func validate(_ name: String, context: HDF5Context) throws(HDF5Error) {
        if name.split(separator: "/").isEmpty {
            throw HDF5Error(file: context.file, object: context.object, action: context.action,
                            reason: "an object name must not be empty")
        }
    }
}
