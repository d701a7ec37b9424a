import JSONParsing

/// One sub-network of the OFA MobileNetV3 supernet, in OFA's own JSON format:
/// `{"ks": [20 kernel sizes], "e": [20 expand ratios], "d": [5 stage depths], "r": resolution}`.
///
/// `ks` and `e` have one entry per elastic block (supernet blocks 1...20) even where a block is skipped by its
/// stage's depth; OFA writes them that way and so do we, so configs round-trip unchanged.
public struct SubnetConfig: Codable, Hashable, Sendable, CustomStringConvertible {
    public static let elasticBlockCount = 20
    public static let stageCount = 5
    public static let blocksPerStage = 4
    public static let kernelSizes = [3, 5, 7]
    public static let expandRatios = [3, 4, 6]
    public static let depths = [2, 3, 4]
    /// Below this the stem's 5 stride-2 reductions leave no pixel; above it no OFA result exists.
    public static let resolutionRange = 32...1024

    public var ks: [Int]
    public var e: [Int]
    public var d: [Int]
    public var r: Int

    /// Builds and validates a config; throws `SubnetConfigError` naming the field and the problem.
    public init(ks: [Int], e: [Int], d: [Int], r: Int) throws(SubnetConfigError) {
        self.ks = ks
        self.e = e
        self.d = d
        self.r = r
        try validate()
    }

    /// The same kernel size, expand ratio and depth everywhere (`ks7/e6/d4` style names in OFA papers).
    public static func uniform(kernelSize: Int, expandRatio: Int, depth: Int, resolution: Int) throws(SubnetConfigError)
        -> SubnetConfig
    {
        try SubnetConfig(ks: Array(repeating: kernelSize, count: elasticBlockCount),
                         e: Array(repeating: expandRatio, count: elasticBlockCount),
                         d: Array(repeating: depth, count: stageCount), r: resolution)
    }

    /// The largest sub-network (ks 7, e 6, d 4) at 224 px.
    public static var largest: SubnetConfig {
        SubnetConfig(unchecked: 7, 6, 4, 224)
    }

    /// The smallest sub-network (ks 3, e 3, d 2) at 160 px, the lowest resolution of the Dynamic-OFA tables.
    public static var smallest: SubnetConfig {
        SubnetConfig(unchecked: 3, 3, 2, 160)
    }

    private init(unchecked kernelSize: Int, _ expandRatio: Int, _ depth: Int, _ resolution: Int) {
        ks = Array(repeating: kernelSize, count: Self.elasticBlockCount)
        e = Array(repeating: expandRatio, count: Self.elasticBlockCount)
        d = Array(repeating: depth, count: Self.stageCount)
        r = resolution
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ks = try container.decode([Int].self, forKey: .ks)
        e = try container.decode([Int].self, forKey: .e)
        d = try container.decode([Int].self, forKey: .d)
        r = try container.decode(Int.self, forKey: .r)
        try validate()
    }

    /// Parses OFA's JSON (UTF-8 bytes: a `String.UTF8View`, `[UInt8]` or Foundation `Data`); errors name the field.
    /// `source` (a file path) is put into the message. Foundation-free, so that `tandemd` links no Foundation.
    public static func parse(json data: some Collection<UInt8>, source: String) throws(SubnetConfigError) -> SubnetConfig {
        do {
            return try JSONNodeDecoder.decode(SubnetConfig.self, from: data)
        } catch let error as SubnetConfigError {
            throw error.in(source)
        } catch let DecodingError.keyNotFound(key, _) {
            throw SubnetConfigError(field: key.stringValue, problem: "is missing", source: source)
        } catch let DecodingError.typeMismatch(_, context) {
            throw SubnetConfigError(field: context.codingPath.first?.stringValue ?? "?",
                                    problem: "has the wrong type (\(context.debugDescription))", source: source)
        } catch {
            throw SubnetConfigError(field: "(file)", problem: "is not valid JSON", source: source)
        }
    }

    /// Whether supernet block `index` (1...20) runs under this config's stage depths.
    public func isActive(block index: Int) -> Bool {
        let stage = (index - 1) / Self.blocksPerStage
        let position = (index - 1) % Self.blocksPerStage
        return position < d[stage]
    }

    /// The same choices at another resolution (unchecked: callers pass a resolution in `resolutionRange`).
    public func at(resolution: Int) -> SubnetConfig {
        var copy = self
        copy.r = resolution
        return copy
    }

    public var description: String {
        "ks=\(ks) e=\(e) d=\(d) r=\(r)"
    }

    private func validate() throws(SubnetConfigError) {
        func check(_ values: [Int], _ field: String, count: Int, allowed: [Int]) throws(SubnetConfigError) {
            guard values.count == count else {
                throw SubnetConfigError(field: field, problem: "has \(values.count) entries, expected \(count)")
            }
            if let bad = values.firstIndex(where: { !allowed.contains($0) }) {
                throw SubnetConfigError(field: "\(field)[\(bad)]",
                                        problem: "is \(values[bad]), expected one of \(allowed)")
            }
        }
        try check(ks, "ks", count: Self.elasticBlockCount, allowed: Self.kernelSizes)
        try check(e, "e", count: Self.elasticBlockCount, allowed: Self.expandRatios)
        try check(d, "d", count: Self.stageCount, allowed: Self.depths)
        guard Self.resolutionRange.contains(r) else {
            throw SubnetConfigError(field: "r", problem: "is \(r), expected \(Self.resolutionRange.lowerBound)...\(Self.resolutionRange.upperBound)")
        }
    }
}

/// A config field that is missing, of the wrong length or outside OFA's choices.
public struct SubnetConfigError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var source: String?

    public init(field: String, problem: String, source: String? = nil) {
        self.field = field
        self.problem = problem
        self.source = source
    }

    package func `in`(_ source: String) -> SubnetConfigError {
        SubnetConfigError(field: field, problem: problem, source: source)
    }

    public var description: String {
        (source.map { "\($0): " } ?? "") + "sub-network config field '\(field)' \(problem)"
    }
}
