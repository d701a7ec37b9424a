import Foundation
import Testing
@testable import OFA
@testable import OFAEngine

/// Config validation names the field; short names resolve to the uniform configs.
struct SubnetConfigTests {
    func error(_ json: String) -> String {
        do {
            _ = try SubnetConfig.parse(json: Data(json.utf8), source: "cfg.json")
            return ""
        } catch {
            return error.description
        }
    }

    static let twenty = Array(repeating: "3", count: 20).joined(separator: ",")

    @Test func kernelFourIsRejected() {
        let ks = (["4"] + Array(repeating: "3", count: 19)).joined(separator: ",")
        let message = error(#"{"ks":[\#(ks)],"e":[\#(Self.twenty)],"d":[2,2,2,2,2],"r":160}"#)
        #expect(message.contains("ks[0]") && message.contains("is 4") && message.contains("cfg.json"), "\(message)")
    }

    @Test func depthFiveIsRejected() {
        let message = error(#"{"ks":[\#(Self.twenty)],"e":[\#(Self.twenty)],"d":[2,5,2,2,2],"r":160}"#)
        #expect(message.contains("d[1]") && message.contains("is 5"), "\(message)")
    }

    @Test func missingEntriesAreCounted() {
        let message = error(#"{"ks":[3,3],"e":[\#(Self.twenty)],"d":[2,2,2,2,2],"r":160}"#)
        #expect(message.contains("'ks'") && message.contains("2 entries") && message.contains("20"), "\(message)")
        let missing = error(#"{"ks":[\#(Self.twenty)],"d":[2,2,2,2,2],"r":160}"#)
        #expect(missing.contains("'e'") && missing.contains("missing"), "\(missing)")
    }

    @Test func namesResolve() throws {
        #expect(try SubnetConfig.named("max") == .largest)
        #expect(try SubnetConfig.named("min") == .smallest)
        #expect(try SubnetConfig.named("max@192") == SubnetConfig.uniform(kernelSize: 7, expandRatio: 6, depth: 4, resolution: 192))
        #expect(try SubnetConfig.named("ks5/e4/d3@192") == SubnetConfig.uniform(kernelSize: 5, expandRatio: 4, depth: 3, resolution: 192))
        #expect(try SubnetConfig.named("not-a-name") == nil)
        #expect(throws: SubnetConfigError.self) { try SubnetConfig.named("ks4/e4/d3@192") }
    }
}
