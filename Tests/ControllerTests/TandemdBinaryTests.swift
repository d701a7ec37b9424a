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
}
