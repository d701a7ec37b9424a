import Foundation
import HDF5Reader
import Testing
import TestSupport

/// Files written by h5py with its default settings (what Experiments/tools write) read as libhdf5 reads them;
/// files outside the subset are refused by name.
@Suite struct H5pyParityTests {
    static let sampleScript = #"""
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], 'w') as f:
    f.attrs['text'] = 'h5py ✓'
    f.attrs['fixed'] = np.bytes_(b'fixed-ascii')
    f.attrs['texts'] = ['one', 'two', 'three']
    f.attrs['i8'] = np.int8(-5)
    f.attrs['u64'] = np.uint64(2**40)
    f.attrs['f32'] = np.float32(0.25)
    f.attrs['vec'] = np.arange(4, dtype='>i4')
    f.attrs['width_mult'] = 1.2
    for dtype in ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
                  'float16', 'float32', 'float64', '>f4', '>i8', '<u2']:
        values = np.arange(6) * 3 - (0 if 'u' in dtype else 7)
        f.create_dataset('dtype_' + dtype.replace('>', 'be_').replace('<', 'le_'), data=values.astype(dtype).reshape(2, 3))
    f['half'] = np.array([0.5, -65504, 6.1e-5, 6e-8, np.inf], dtype='float16')
    f['scalar'] = np.float64(3.5)
    f['vlen'] = np.array(['a', 'bb', ''], dtype=h5py.string_dtype())
    f['fixed_strings'] = np.array([b'ab', b'cde', b''], dtype='S4')
    f.create_dataset('unallocated', shape=(3,), dtype='float32')
    space = h5py.h5s.create_simple((5,))
    plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    plist.set_layout(h5py.h5d.COMPACT)
    compact = h5py.h5d.create(f.id, b'compact', h5py.h5t.NATIVE_INT32, space, plist)
    compact.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(5, dtype='int32') * 11)
    g = f.create_group('weights')
    for i in range(300):
        g.create_dataset('blocks.%d.conv.weight' % i, data=np.full((2, 2), i, dtype='float32'))
    g['blocks.0.conv.weight'].attrs['note'] = 'first'
    f.create_group('x/y/z').attrs['deep'] = 1
"""#

    @Test func defaultH5pyFileReadsAsLibhdf5ReadsIt() throws {
        try Python.requireH5py()
        let folder = try TemporaryDirectory()
        let path = folder.file("h5py.h5").path
        let result = try Python.run(Self.sampleScript, [path])
        try #require(result.status == 0, "\(result.stderr)")
        let expected = try TreeDump.libhdf5(path)
        let found = try TreeDump.reader(path)
        #expect(found.count == expected.count)
        for (line, reference) in zip(found, expected) where line != reference {
            Issue.record("reader: \(line)\nlibhdf5: \(reference)")
        }
        let root = try HDF5ReadOnlyFile.open(path).root
        #expect(try root.read("compact", as: Int.self).values == [0, 11, 22, 33, 44])
        #expect(try root.read("unallocated", as: Float.self).values == [0, 0, 0])
        #expect(try root.read("half", as: Double.self).values == [0.5, -65504, 6.0975551605224609e-05, 5.9604644775390625e-08, .infinity])
        #expect(try root.read("dtype_be_f4", as: Float.self).values == [-7, -4, -1, 2, 5, 8])
        #expect(try root.readStrings("fixed_strings") == ["ab", "cde", ""])
        #expect(try root.stringAttribute("fixed") == "fixed-ascii")
        #expect(try root.intAttribute("u64") == 1 << 40)
    }

    @Test func latestFormatIsRefusedByName() throws {
        try Python.requireH5py()
        let folder = try TemporaryDirectory()
        let path = folder.file("latest.h5").path
        let result = try Python.run("import sys, h5py\nwith h5py.File(sys.argv[1], 'w', libver='latest') as f: f['x'] = [1.0]", [path])
        try #require(result.status == 0, "\(result.stderr)")
        do {
            _ = try HDF5ReadOnlyFile.open(path)
            Issue.record("a libver='latest' file was read")
        } catch {
            #expect(error.kind == .unsupported)
            #expect(error.description.contains(path))
            #expect(error.description.contains("superblock version"))
            #expect(error.description.contains("libver"))
        }
    }

    @Test func chunkedCompressedAndNewStyleGroupsAreRefusedByName() throws {
        try Python.requireH5py()
        let folder = try TemporaryDirectory()
        let path = folder.file("features.h5").path
        let script = #"""
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], 'w') as f:
    f.create_dataset('gzip', data=np.arange(100.0), compression='gzip')
    f.create_dataset('chunked', data=np.arange(100.0), chunks=(10,))
    f.create_group('ordered', track_order=True).attrs['a'] = 1
    f['plain'] = np.arange(3)
"""#
        let result = try Python.run(script, [path])
        try #require(result.status == 0, "\(result.stderr)")
        let root = try HDF5ReadOnlyFile.open(path).root
        #expect(try root.read("plain", as: Int.self).values == [0, 1, 2])
        for name in ["gzip", "chunked", "ordered"] {
            do {
                _ = name == "ordered" ? try root.group(name).path : try root.dataset(name).path
                Issue.record("\(name) was read")
            } catch {
                #expect(error.kind == .unsupported, "\(error)")
                #expect(error.description.contains("/\(name)"), "\(error)")
            }
        }
    }
}
