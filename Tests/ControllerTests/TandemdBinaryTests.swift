import Foundation
import Testing
import TestSupport

/// What the `tandemd` binary is made of: the architecture keeps training, search and evaluation out of it.
@Suite struct TandemdBinaryTests {
    /// Swift symbols carry their module as `<length><name>` after the `$s` prefix, so a module that is linked in
    /// leaves `$s6Agents…`-style names in the symbol table. The controller's own module must be there (the check
    /// would otherwise prove nothing); the offline modules must not.
    @Test func linksNoTrainingEvaluationOrEnvironmentCode() throws {
        let binary = Executables.binDirectory.appendingPathComponent("tandemd")
        let bytes = try Data(contentsOf: binary)
        func linked(_ module: String) -> Bool { bytes.range(of: Data("$s\(module.count)\(module)".utf8)) != nil }
        #expect(linked("Controller") && linked("Policy") && linked("Platform"))
        for module in ["Agents", "Evaluation", "Environment", "Governors"] {
            #expect(!linked(module), "tandemd links \(module)")
        }
    }

    /// The light build (README, section tandemd): the policy and weights are read by the pure-Swift `HDF5Reader`,
    /// JSON by `JSONParsing`, so neither libhdf5 (with its curl/TLS chain) nor any Foundation library is loaded, and
    /// the libhdf5-based modules `HDF5`, `OFA` (profiling, search, tables) and `PolicyWriter` are not linked.
    @Test func loadsNeitherLibhdf5NorFoundation() throws {
        let binary = Executables.binDirectory.appendingPathComponent("tandemd")
        let bytes = try Data(contentsOf: binary)
        func linked(_ module: String) -> Bool { bytes.range(of: Data("$s\(module.count)\(module)".utf8)) != nil }
        #expect(linked("HDF5Reader") && linked("OFAEngine"))
        for module in ["HDF5", "OFA", "PolicyWriter"] {
            #expect(!linked(module), "tandemd links \(module)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ldd", binary.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let libraries = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ldd failed on \(binary.path)")
        for library in ["libhdf5", "libFoundation", "lib_FoundationICU", "libcurl", "libcrypto"] {
            #expect(!libraries.contains(library), "tandemd loads \(library):\n\(libraries)")
        }
    }
}
