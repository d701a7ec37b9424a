import Foundation
import Glibc
import Platform
import TestSupport
import Testing

@Suite struct SysfsRootTests {
    @Test func readsWritesAndListsUnderTheRoot() throws {
        let tree = try FakeSysfs("root")
        try tree.write("/sys/a/value", "42\n")
        try tree.write("/sys/a/list", "1 2 3 \n")
        let root = tree.root
        #expect(root.resolve("/sys/a/value") == tree.directory.path + "/sys/a/value")
        #expect(try root.readInt("/sys/a/value") == 42)
        #expect(try root.readIntList("/sys/a/list") == [1, 2, 3])
        #expect(try root.listDirectory("/sys/a") == ["list", "value"])
        try root.write("7", to: "/sys/a/value")
        #expect(try tree.read("/sys/a/value") == "7")
        #expect(SysfsRoot().resolve("/proc/stat") == "/proc/stat")
    }

    @Test func missingFileNamesPathAndENOENT() throws {
        let tree = try FakeSysfs("missing")
        let error = try #require(throws: SysfsError.self) { try tree.root.readString("/sys/nothing/here") }
        #expect(error.errno == ENOENT)
        #expect(error.path == tree.directory.path + "/sys/nothing/here")
        #expect(error.description.contains("ENOENT") && error.description.contains("/sys/nothing/here"))
        let writeError = try #require(throws: SysfsError.self) { try tree.root.write("1", to: "/sys/nothing/here") }
        #expect(writeError.errno == ENOENT)
    }

    /// Tests run as root, where chmod 000 denies nothing; the permission failure is injected for one path instead,
    /// and a directory standing where a file is expected gives a real EISDIR from the kernel.
    @Test func permissionDeniedAndDirectoryInsteadOfFile() throws {
        let tree = try FakeSysfs("denied")
        try tree.write("/sys/x/scaling_setspeed", "0\n")
        let root = tree.root.failing("/sys/x/scaling_setspeed", on: .write, errno: EACCES)
        let error = try #require(throws: SysfsError.self) { try root.write("1", to: "/sys/x/scaling_setspeed") }
        #expect(error.errno == EACCES && error.description.contains("EACCES"))
        #expect(error.description.contains(tree.directory.path + "/sys/x/scaling_setspeed"))
        #expect(try tree.read("/sys/x/scaling_setspeed") == "0\n", "a refused write leaves the file alone")
        #expect(try root.readInt("/sys/x/scaling_setspeed") == 0, "reads of that path still work")

        try tree.makeDirectory("/sys/x/load")
        let directoryError = try #require(throws: SysfsError.self) { try tree.root.readString("/sys/x/load") }
        #expect(directoryError.errno == EISDIR)
    }

    @Test func garbageContentIsATypedError() throws {
        let tree = try FakeSysfs("garbage")
        try tree.write("/sys/x/freq", "fast\n")
        try tree.write("/sys/x/list", "1 two 3\n")
        let error = try #require(throws: SysfsError.self) { try tree.root.readInt("/sys/x/freq") }
        guard case .garbage(let path, let content, _) = error else { Issue.record("expected garbage, got \(error)"); return }
        #expect(path.hasSuffix("/sys/x/freq") && content == "fast")
        #expect(throws: SysfsError.self) { try tree.root.readIntList("/sys/x/list") }
    }
}
