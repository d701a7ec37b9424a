import Foundation
import HDF5
import Testing
import TestSupport
@testable import OFA
@testable import OFAEngine

/// Weights files: round trip, both namings, and every kind of bad file named precisely.
@Suite(.serialized)
struct SupernetWeightsFileTests {
    static let weights = SupernetWeights.synthetic(.w1_0)
    static let key = "blocks.7.mobile_inverted_conv.depth_conv.conv.7to5_matrix"

    /// Writes the synthetic weights, lets `edit` change the file, and returns the load error's description.
    func loadError(_ edit: (HDF5Group) throws -> Void) throws -> String {
        let folder = try TemporaryDirectory("ofa-weights")
        let path = folder.file("w.h5").path
        try Self.weights.write(path: path)
        let file = try HDF5File.open(path, writable: true)
        try edit(file.root)
        try file.close()
        do {
            _ = try SupernetWeights.load(path: path)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func roundTripKeepsEveryValue() throws {
        let folder = try TemporaryDirectory("ofa-weights")
        let path = folder.file("w.h5").path
        try Self.weights.write(path: path)
        let loaded = try SupernetWeights.load(path: path)
        #expect(loaded.architecture.width == .w1_0)
        for entry in SupernetStateDict(.w1_0).tensorEntries {
            #expect(loaded.values(entry.key) == Self.weights.values(entry.key))
        }
    }

    @Test func acceptsCurrentOFANamingAndInfersWidth() throws {
        let folder = try TemporaryDirectory("ofa-weights")
        let path = folder.file("new.h5").path
        let weights = SupernetWeights.synthetic(.w1_2)
        try HDF5File.writeAtomically(to: path) { root in
            for entry in SupernetStateDict(.w1_2).tensorEntries {
                try root.write(SupernetStateDict.newStyleKey(entry.key), weights.values(entry.key) ?? [], shape: entry.shape)
            }
        }
        let loaded = try SupernetWeights.load(path: path)  // no width attribute: the stem's 24 channels say 1.2
        #expect(loaded.architecture.width == .w1_2)
        #expect(loaded.values(Self.key.replacingOccurrences(of: "mobile_inverted_conv", with: "conv"))
                == weights.values(Self.key))
    }

    @Test func missingKeyIsNamed() throws {
        let message = try loadError { try $0.remove(Self.key) }
        #expect(message.contains(Self.key) && message.contains("no tensor"), "\(message)")
    }

    @Test func wrongShapeNamesKeyAndShapes() throws {
        let message = try loadError { root in
            try root.remove(Self.key)
            try root.write(Self.key, [Float](repeating: 0, count: 5 * 25), shape: [5, 25])
        }
        #expect(message.contains(Self.key) && message.contains("[5, 25]") && message.contains("[25, 25]"), "\(message)")
    }

    @Test func nonFiniteValueIsNamed() throws {
        let message = try loadError { root in
            var values = Self.weights.values(Self.key) ?? []
            values[17] = .nan
            try root.remove(Self.key)
            try root.write(Self.key, values, shape: [25, 25])
        }
        #expect(message.contains(Self.key) && message.contains("non-finite") && message.contains("17"), "\(message)")
    }

    @Test func unknownWidthAttributeIsRejected() throws {
        let message = try loadError { try $0.setAttribute(SupernetWeights.widthAttribute, 0.75) }
        #expect(message.contains("0.75") && message.contains("width"), "\(message)")
    }

    @Test func missingFileIsNamed() {
        #expect(throws: SupernetWeightsError.self) { try SupernetWeights.load(path: "/nonexistent/w.h5") }
    }
}
