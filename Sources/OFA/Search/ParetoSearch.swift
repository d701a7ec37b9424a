#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// NSGA-II over the whole OFA sub-network space (20 kernel sizes, 20 expand ratios, 5 depths, the latency table's
/// resolutions: about 10^19 configs per resolution), maximising the predictor's accuracy and minimising the latency
/// table's sum. Every evaluated sub-network also goes into an archive of non-dominated points, which is the
/// returned Pareto front (NSGA-II's population alone is capped at its size and can drop front points).
///
/// Seeded and reproducible: the same inputs and options give the same front.
public struct ParetoSearch: Sendable {
    public struct Options: Sendable {
        public var populationSize = 128
        public var generations = 150
        public var crossoverProbability = 0.9
        /// Per-gene mutation probability; the default is two genes of the 46 on average.
        public var mutationProbability = 2.0 / Double(SubnetGenome.geneCount)
        /// Rounds of Pareto local search after the generations: every front point not yet explored has each of its
        /// single-gene neighbours evaluated (one batch per round). Stops early when the front stops changing.
        public var localSearchRounds = 30
        /// The front's most accurate end is where NSGA-II stalls in local optima of the (non-monotone) predictor:
        /// this many of the most accurate front points get all their two-gene neighbours evaluated, repeatedly
        /// (each time followed by the single-gene local search) until the top of the front stops changing.
        public var topEndPoints = 3
        public var topEndRounds = 4
        public var seed: UInt64 = 0
        public init() {}
    }

    /// One evaluated sub-network.
    public struct Candidate: Sendable, Equatable {
        public var config: SubnetConfig
        /// The predictor's raw output (a fraction), before any correction.
        public var accuracy: Double
        public var latencyMs: Double

        public init(config: SubnetConfig, accuracy: Double, latencyMs: Double) {
            self.config = config
            self.accuracy = accuracy
            self.latencyMs = latencyMs
        }

        /// At least as accurate and at most as slow as `other`.
        public func matchesOrDominates(_ other: Candidate) -> Bool {
            accuracy >= other.accuracy && latencyMs <= other.latencyMs
        }
    }

    public struct Result: Sendable {
        /// Non-dominated sub-networks, ascending in latency (and so in accuracy).
        public var front: [Candidate]
        /// How many distinct sub-networks were evaluated.
        public var evaluations: Int
        public var seconds: Double

        public init(front: [Candidate], evaluations: Int, seconds: Double) {
            self.front = front
            self.evaluations = evaluations
            self.seconds = seconds
        }
    }

    public let predictor: AccuracyPredictor
    public let latencyTable: LatencyTable

    public init(predictor: AccuracyPredictor, latencyTable: LatencyTable) {
        self.predictor = predictor
        self.latencyTable = latencyTable
    }

    public func run(_ options: Options = Options()) -> Result {
        let start = Date()
        var engine = NSGA2Engine(predictor: predictor, table: latencyTable.compiled(), options: options)
        engine.run()
        let resolutions = latencyTable.resolutions
        let front = engine.archive.members.map {
            Candidate(config: $0.genome.config(resolutions: resolutions), accuracy: $0.accuracy, latencyMs: $0.latencyMs)
        }
        return Result(front: front, evaluations: engine.cache.count, seconds: Date().timeIntervalSince(start))
    }
}

/// An evaluated genome.
struct ScoredGenome: Sendable {
    var genome: SubnetGenome
    var accuracy: Double
    var latencyMs: Double
    /// Both objectives as minimised values (NonDominatedSort's convention).
    var objectives: [Double] { [-accuracy, latencyMs] }
}

/// The mutable state of one NSGA-II run.
struct NSGA2Engine {
    let predictor: AccuracyPredictor
    let table: CompiledLatencyTable
    let options: ParetoSearch.Options
    var random: SearchRandomGenerator
    var cache: [SubnetGenome: ScoredGenome] = [:]
    var archive = ParetoArchive()
    var population: [ScoredGenome] = []
    var rank: [Int] = []
    var crowding: [Double] = []

    init(predictor: AccuracyPredictor, table: CompiledLatencyTable, options: ParetoSearch.Options) {
        self.predictor = predictor
        self.table = table
        self.options = options
        random = SearchRandomGenerator(seed: options.seed)
    }

    mutating func run() {
        let size = max(options.populationSize, 4)
        var initial: [SubnetGenome] = []
        // The two corners of the space anchor the front's ends; the rest is uniform.
        let last = table.resolutions.count - 1
        initial.append(SubnetGenome(kernelIndex: .init(repeating: 0, count: 20), expandIndex: .init(repeating: 0, count: 20),
                                    depthIndex: .init(repeating: 0, count: 5), resolutionIndex: 0))
        initial.append(SubnetGenome(kernelIndex: .init(repeating: 2, count: 20), expandIndex: .init(repeating: 2, count: 20),
                                    depthIndex: .init(repeating: 2, count: 5), resolutionIndex: last))
        while initial.count < size {
            initial.append(SubnetGenome.random(resolutionCount: table.resolutions.count, using: &random))
        }
        population = evaluate(initial)
        select(from: population, keep: size)
        for _ in 0..<options.generations {
            var children: [SubnetGenome] = []
            while children.count < size {
                let a = population[tournament()].genome
                let b = population[tournament()].genome
                var (c, d) = random.unit() < options.crossoverProbability ? crossover(a, b) : (a, b)
                mutate(&c)
                mutate(&d)
                children.append(c)
                if children.count < size { children.append(d) }
            }
            let offspring = evaluate(children)
            // Merge, dropping duplicate networks so copies cannot crowd out the front.
            var seen = Set<SubnetGenome>()
            var merged: [ScoredGenome] = []
            for member in population + offspring where seen.insert(member.genome.canonical).inserted {
                merged.append(member)
            }
            select(from: merged, keep: size)
        }
        localSearch()
    }

    /// Pareto local search on the archive: NSGA-II finds the front's shape quickly but refines its ends slowly;
    /// exhaustive single-gene moves from each front point close the remaining gaps.
    mutating func localSearch() {
        var explored = Set<SubnetGenome>()
        var deepExplored = Set<SubnetGenome>()
        singleGeneSearch(explored: &explored)
        for _ in 0..<options.topEndRounds {
            let top = archive.members.suffix(options.topEndPoints).map(\.genome).filter { !deepExplored.contains($0) }
            if top.isEmpty { break }
            var neighbours: [SubnetGenome] = []
            for genome in top {
                deepExplored.insert(genome)
                neighbours += Self.twoGeneNeighbours(of: genome, resolutionCount: table.resolutions.count)
            }
            _ = evaluate(neighbours)
            singleGeneSearch(explored: &explored)
        }
    }

    mutating func singleGeneSearch(explored: inout Set<SubnetGenome>) {
        for _ in 0..<options.localSearchRounds {
            let frontier = archive.members.map(\.genome).filter { !explored.contains($0) }
            if frontier.isEmpty { break }
            var neighbours: [SubnetGenome] = []
            for genome in frontier {
                explored.insert(genome)
                neighbours += Self.neighbours(of: genome, resolutionCount: table.resolutions.count)
            }
            _ = evaluate(neighbours)
        }
    }

    /// Every genome two moves away (duplicates and the origin's one-move neighbours are dropped by the cache).
    static func twoGeneNeighbours(of genome: SubnetGenome, resolutionCount: Int) -> [SubnetGenome] {
        var seen = Set<SubnetGenome>()
        var result: [SubnetGenome] = []
        for once in neighbours(of: genome, resolutionCount: resolutionCount) {
            for twice in neighbours(of: once, resolutionCount: resolutionCount) where seen.insert(twice.canonical).inserted {
                result.append(twice)
            }
        }
        return result
    }

    /// Every genome that differs from `genome` in one gene (skipped blocks' genes excluded: they change nothing).
    static func neighbours(of genome: SubnetGenome, resolutionCount: Int) -> [SubnetGenome] {
        var result: [SubnetGenome] = []
        for block in 0..<SubnetConfig.elasticBlockCount where genome.isActive(block: block) {
            for choice in 0..<3 where choice != Int(genome.kernelIndex[block]) {
                var next = genome
                next.kernelIndex[block] = UInt8(choice)
                result.append(next)
            }
            for choice in 0..<3 where choice != Int(genome.expandIndex[block]) {
                var next = genome
                next.expandIndex[block] = UInt8(choice)
                result.append(next)
            }
        }
        // One block deeper switches a block on: try every kernel/expand choice for it (a depth change alone would
        // bring it in with whatever genes it happens to hold). Shallower: one or two blocks.
        for stage in 0..<SubnetConfig.stageCount {
            let depth = Int(genome.depthIndex[stage])
            if depth < 2 {
                let block = stage * SubnetConfig.blocksPerStage + depth + 2
                var next = genome
                next.depthIndex[stage] = UInt8(depth + 1)
                for kernel in 0..<3 {
                    for expand in 0..<3 {
                        next.kernelIndex[block] = UInt8(kernel)
                        next.expandIndex[block] = UInt8(expand)
                        result.append(next)
                    }
                }
            }
            for shallower in 0..<depth {
                var next = genome
                next.depthIndex[stage] = UInt8(shallower)
                result.append(next)
            }
        }
        // Resolution: neighbouring steps only (latency and accuracy change smoothly along it).
        for step in [-2, -1, 1, 2] where (0..<resolutionCount).contains(genome.resolutionIndex + step) {
            let resolution = genome.resolutionIndex + step
            var next = genome
            next.resolutionIndex = resolution
            result.append(next)
        }
        return result
    }

    /// Scores genomes with one batched predictor pass over the networks not seen before. The cache and the archive
    /// are keyed by the canonical genome (skipped blocks' genes zeroed); the returned members keep their own genes,
    /// so a skipped block's genes survive as hidden variation for when a depth mutation switches the block on.
    mutating func evaluate(_ genomes: [SubnetGenome]) -> [ScoredGenome] {
        var fresh: [SubnetGenome] = []
        var pending = Set<SubnetGenome>()
        for genome in genomes {
            let key = genome.canonical
            if cache[key] == nil && pending.insert(key).inserted { fresh.append(key) }
        }
        let accuracies = predictor.predict(slots: fresh.map { $0.predictorSlots(resolutions: table.resolutions) })
        for (genome, accuracy) in zip(fresh, accuracies) {
            let scored = ScoredGenome(genome: genome, accuracy: accuracy, latencyMs: table.latencyMs(genome))
            cache[genome] = scored
            archive.insert(scored)
        }
        return genomes.compactMap { genome in
            cache[genome.canonical].map { ScoredGenome(genome: genome, accuracy: $0.accuracy, latencyMs: $0.latencyMs) }
        }
    }

    /// NSGA-II environmental selection: whole fronts while they fit, then the least crowded of the next.
    mutating func select(from candidates: [ScoredGenome], keep size: Int) {
        let points = candidates.map(\.objectives)
        var chosen: [Int] = []
        var chosenRank: [Int] = []
        var chosenCrowding: [Double] = []
        for (level, front) in NonDominatedSort.fronts(points).enumerated() {
            let distances = NonDominatedSort.crowdingDistances(points, front: front)
            if chosen.count + front.count <= size {
                chosen += front
                chosenRank += Array(repeating: level, count: front.count)
                chosenCrowding += distances
            } else {
                let order = front.indices.sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
                for position in order.prefix(size - chosen.count) {
                    chosen.append(front[position])
                    chosenRank.append(level)
                    chosenCrowding.append(distances[position])
                }
            }
            if chosen.count >= size { break }
        }
        population = chosen.map { candidates[$0] }
        rank = chosenRank
        crowding = chosenCrowding
    }

    /// Binary tournament on (rank, crowding distance).
    mutating func tournament() -> Int {
        let a = random.below(population.count)
        let b = random.below(population.count)
        if rank[a] != rank[b] { return rank[a] < rank[b] ? a : b }
        return crowding[a] >= crowding[b] ? a : b
    }

    /// Uniform crossover, gene by gene.
    mutating func crossover(_ a: SubnetGenome, _ b: SubnetGenome) -> (SubnetGenome, SubnetGenome) {
        var c = a
        var d = b
        for i in 0..<SubnetConfig.elasticBlockCount {
            if random.below(2) == 0 { swap(&c.kernelIndex[i], &d.kernelIndex[i]) }
            if random.below(2) == 0 { swap(&c.expandIndex[i], &d.expandIndex[i]) }
        }
        for i in 0..<SubnetConfig.stageCount where random.below(2) == 0 {
            swap(&c.depthIndex[i], &d.depthIndex[i])
        }
        if random.below(2) == 0 { swap(&c.resolutionIndex, &d.resolutionIndex) }
        return (c, d)
    }

    /// Resets each gene to a random choice with the mutation probability; the resolution steps to a neighbour
    /// (resolutions are ordered, so a small step is the useful move).
    mutating func mutate(_ genome: inout SubnetGenome) {
        let p = options.mutationProbability
        for i in 0..<SubnetConfig.elasticBlockCount {
            if random.unit() < p { genome.kernelIndex[i] = UInt8(random.below(3)) }
            if random.unit() < p { genome.expandIndex[i] = UInt8(random.below(3)) }
        }
        for i in 0..<SubnetConfig.stageCount where random.unit() < p {
            genome.depthIndex[i] = UInt8(random.below(3))
        }
        if random.unit() < p {
            let count = table.resolutions.count
            let step = random.below(2) == 0 ? -1 : 1
            genome.resolutionIndex = min(max(genome.resolutionIndex + step, 0), count - 1)
        }
    }
}

/// Every non-dominated point seen so far, kept sorted by latency (so accuracy increases along it too).
struct ParetoArchive {
    private(set) var members: [ScoredGenome] = []

    mutating func insert(_ point: ScoredGenome) {
        // First member with latency >= the point's: everything before is faster.
        var low = 0
        var high = members.count
        while low < high {
            let mid = (low + high) / 2
            if members[mid].latencyMs < point.latencyMs { low = mid + 1 } else { high = mid }
        }
        // A faster (or equally fast) member at least as accurate dominates or equals the point.
        if low > 0 && members[low - 1].accuracy >= point.accuracy { return }
        if low < members.count && members[low].latencyMs == point.latencyMs && members[low].accuracy >= point.accuracy {
            return
        }
        // Remove slower-or-equal members that are no more accurate.
        var end = low
        while end < members.count && members[end].accuracy <= point.accuracy { end += 1 }
        members.replaceSubrange(low..<end, with: [point])
    }
}
