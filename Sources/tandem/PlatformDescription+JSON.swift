import Foundation
import Platform

extension PlatformDescription {
    /// The description as pretty JSON with sorted keys (what `tandem platform --json` embeds). It lives with the CLI
    /// because JSONEncoder is Foundation's, and the Platform module stays Foundation-free for `tandemd`.
    func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
