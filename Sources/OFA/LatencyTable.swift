#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Dynamic-OFA latency lookup-table model (spec section 11): a sub-network's latency is the sum of the
/// per-layer entries of the table for its resolution (stem, first block, each active elastic block, head).
///
/// One `LatencyTable` describes one device at one operating point (the Dynamic-OFA tables: the Jetson Xavier NX at
/// its maximum clocks). Loaded from a folder of Dynamic-OFA JSON tables (`init(dynamicOFADirectory:device:)`) or from
/// our own `profile.h5` (`LatencyTable.load(profile:)`, layout in the README). Every resolution must hold every key
/// of `LatencyTableKeys.requiredKeys`; a missing one is reported by resolution and key.
public struct LatencyTable: Sendable {
    /// One layer's measurement: mean latency, and where known its spread (standard deviation) and power.
    public struct Entry: Sendable, Equatable {
        public var meanMs: Double
        public var spreadMs: Double?
        public var powerW: Double?
        public init(meanMs: Double, spreadMs: Double? = nil, powerW: Double? = nil) {
            self.meanMs = meanMs
            self.spreadMs = spreadMs
            self.powerW = powerW
        }
    }

    /// `cpu`, `gpu` or another device label; used as the column name in the library.
    public let device: String
    /// The supernet width the layer keys describe (the Dynamic-OFA tables: w1.2).
    public let width: SupernetWidth
    /// Resolution → layer key → entry.
    public let entries: [Int: [String: Entry]]
    /// Where the table came from (a path), for messages.
    public let source: String

    /// Resolutions the table covers, ascending.
    public var resolutions: [Int] { entries.keys.sorted() }

    /// Validates that every resolution holds every required key for `width`.
    public init(device: String, width: SupernetWidth, entries: [Int: [String: Entry]], source: String)
        throws(LatencyTableError)
    {
        guard !entries.isEmpty else { throw .empty(source: source) }
        for resolution in entries.keys.sorted() {
            let table = entries[resolution] ?? [:]
            for key in LatencyTableKeys.requiredKeys(resolution: resolution, width: width) {
                guard let entry = table[key] else {
                    throw .missingKey(resolution: resolution, key: key, source: source)
                }
                guard entry.meanMs.isFinite, entry.meanMs >= 0 else {
                    throw .badValue(resolution: resolution, key: key, problem: "mean \(entry.meanMs) ms", source: source)
                }
            }
        }
        self.device = device
        self.width = width
        self.entries = entries
        self.source = source
    }

    /// The table's latency of `config` in milliseconds; throws if its resolution is not in the table.
    public func latencyMs(_ config: SubnetConfig) throws(LatencyTableError) -> Double {
        guard let table = entries[config.r] else {
            throw .resolutionNotCovered(resolution: config.r, available: resolutions, source: source)
        }
        var sum = 0.0
        for key in LatencyTableKeys.keys(for: config, width: width) {
            sum += table[key]?.meanMs ?? 0  // present: checked in init
        }
        return sum
    }

    /// The table folded into arrays for the search: per resolution a fixed part and [block][kernel][expand].
    func compiled() -> CompiledLatencyTable {
        CompiledLatencyTable(table: self)
    }
}

/// A `LatencyTable` as flat arrays indexed by gene (resolution index, block, kernel index, expand index).
struct CompiledLatencyTable: Sendable {
    let resolutions: [Int]
    /// Stem + first block + head, per resolution index.
    let fixedMs: [Double]
    /// [resolution index][block 0..<20][kernel index][expand index] flattened.
    let blockMs: [Double]
    static let perResolution = SubnetConfig.elasticBlockCount * 9

    init(table: LatencyTable) {
        resolutions = table.resolutions
        var fixed: [Double] = []
        var blocks: [Double] = []
        for resolution in resolutions {
            let entries = table.entries[resolution] ?? [:]
            let layout = LatencyTableKeys.Layout(resolution: resolution, width: table.width)
            let fixedKeys = [layout.stemKey, layout.firstBlockKey] + layout.headKeys
            fixed.append(fixedKeys.reduce(0) { $0 + (entries[$1]?.meanMs ?? 0) })
            for block in 1...SubnetConfig.elasticBlockCount {
                for kernel in SubnetConfig.kernelSizes {
                    for expand in SubnetConfig.expandRatios {
                        let key = layout.blockKey(block: block, kernelSize: kernel, expandRatio: expand)
                        blocks.append(entries[key]?.meanMs ?? 0)
                    }
                }
            }
        }
        fixedMs = fixed
        blockMs = blocks
    }

    /// Latency of a genome (see `SubnetGenome`).
    func latencyMs(_ genome: SubnetGenome) -> Double {
        var sum = fixedMs[genome.resolutionIndex]
        let base = genome.resolutionIndex * Self.perResolution
        for block in 0..<SubnetConfig.elasticBlockCount where genome.isActive(block: block) {
            sum += blockMs[base + block * 9 + Int(genome.kernelIndex[block]) * 3 + Int(genome.expandIndex[block])]
        }
        return sum
    }
}

/// A latency table that is incomplete, inconsistent or unreadable; names the file, the resolution and the key.
public enum LatencyTableError: Error, Equatable, CustomStringConvertible {
    case unreadable(source: String, problem: String)
    case empty(source: String)
    case missingKey(resolution: Int, key: String, source: String)
    case badValue(resolution: Int, key: String, problem: String, source: String)
    case resolutionNotCovered(resolution: Int, available: [Int], source: String)

    public var description: String {
        switch self {
        case let .unreadable(source, problem):
            "\(source): latency table cannot be read: \(problem)"
        case let .empty(source):
            "\(source): latency table holds no resolution"
        case let .missingKey(resolution, key, source):
            "\(source): latency table for resolution \(resolution) lacks layer key '\(key)'"
        case let .badValue(resolution, key, problem, source):
            "\(source): latency table for resolution \(resolution), key '\(key)': \(problem)"
        case let .resolutionNotCovered(resolution, available, source):
            "\(source): latency table has no resolution \(resolution) (it covers \(available.map(String.init).joined(separator: ", ")))"
        }
    }
}
