import Foundation
import HDF5
import Testing
import TestSupport
@testable import OFA
@testable import OFAEngine

/// `SupernetWeights.load` reads with the pure-Swift HDF5 reader (tandemd links no libhdf5): weights written by
/// h5py through Experiments/tools/ofa_supernet.py (hundreds of datasets in the root group) load exactly, and every
/// tensor equals what libhdf5 reads from the same file.
struct WeightsReaderTests {
    @Test func h5pyWrittenWeightsLoadAsLibhdf5ReadsThem() throws {
        let folder = try TemporaryDirectory("ofa-weights")
        let tandemPath = folder.file("tandem.h5").path
        let h5pyPath = folder.file("h5py.h5").path
        let synthetic = SupernetWeights.synthetic(.w1_2)
        try synthetic.write(path: tandemPath)

        // h5py reads Tandem's file and rewrites it with the conversion tool's writer (current OFA naming in, old
        // naming out), as `convert_ofa_checkpoint.py` does for a released checkpoint.
        let tools = SharedData.repositoryRoot.appendingPathComponent("Experiments/tools").path
        let script = """
        import sys, h5py
        sys.path.insert(0, sys.argv[1])
        import ofa_supernet
        with h5py.File(sys.argv[2], 'r') as f:
            state = {k.replace('mobile_inverted_conv', 'conv'): f[k][()] for k in f.keys()}
        ofa_supernet.write_weights_h5(sys.argv[3], state, 1.2)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, tools, tandemPath, h5pyPath]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0,
                     "python3 with h5py is needed (pip install -r Experiments/requirements-test.txt): \(message)")

        let loaded = try SupernetWeights.load(path: h5pyPath)
        #expect(loaded.architecture.width == .w1_2)
        let file = try HDF5File.open(h5pyPath)
        defer { try? file.close() }
        var compared = 0
        for entry in SupernetStateDict(.w1_2).tensorEntries {
            let reference = try file.root.readFloats(entry.key)
            #expect(loaded.values(entry.key) == reference, "\(entry.key)")
            #expect(reference == synthetic.values(entry.key), "\(entry.key)")
            compared += 1
        }
        #expect(compared > 300)
    }
}
