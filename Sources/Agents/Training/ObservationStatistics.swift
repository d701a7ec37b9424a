import Environment
import Policy

/// Statistics of observations seen under the uniformly random policy, gathered once before learning:
/// the frozen normalisation (mean, std) the networks see, and quantile bin edges for the tabular agent.
/// Freezing them keeps the input of a network fixed during training and lets the policy file carry them exactly.
public struct ObservationStatistics: Codable, Equatable, Sendable {
    public var samples: [[Float]]

    /// Runs `steps` uniformly random actions in `env` (reset with `seed`), keeping every observation.
    public static func gather<E: FlatEnv>(_ env: E, steps: Int, seed: UInt64) throws -> ObservationStatistics {
        var random = RandomStream(seed: seed, stream: 99)
        var observation = try env.reset(seed: seed, options: [:]).observation
        var samples = [observation]
        let nvec = env.actionSpace.nvec
        for _ in 0..<max(0, steps - 1) {
            let action = nvec.indices.map { env.actionSpace.start[$0] + random.nextInt(below: nvec[$0]) }
            let result = try env.step(action)
            observation = result.isDone ? try env.reset(seed: nil, options: [:]).observation : result.observation
            samples.append(observation)
        }
        return ObservationStatistics(samples: samples)
    }

    /// Per-feature mean and standard deviation (a feature that never varied gets std 1: it is only shifted).
    public var normalization: ObservationNormalization {
        let count = samples.first?.count ?? 0
        var mean = [Double](repeating: 0, count: count)
        var squares = [Double](repeating: 0, count: count)
        for sample in samples {
            for index in 0..<count where sample[index].isFinite {
                mean[index] += Double(sample[index])
                squares[index] += Double(sample[index]) * Double(sample[index])
            }
        }
        let n = Double(max(samples.count, 1))
        let std = (0..<count).map { index -> Float in
            let variance = squares[index] / n - (mean[index] / n) * (mean[index] / n)
            let deviation = Float(max(variance, 0).squareRoot())
            return deviation > 1e-6 ? deviation : 1
        }
        return ObservationNormalization(mean: mean.map { Float($0 / n) }, std: std)
    }

    /// Edges splitting each feature into at most `bins` bins: a feature with at most `bins` distinct values gets one
    /// bin per value (edges at the midpoints), any other gets equally populated bins (quantile edges, duplicates
    /// dropped). Features not in `features` (indices) get no edges.
    public func quantileEdges(bins: Int, features: [Int]?) -> [[Float]] {
        let count = samples.first?.count ?? 0
        return (0..<count).map { feature in
            guard bins > 1, features?.contains(feature) ?? true else { return [] }
            let sorted = samples.map { $0[feature] }.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return [] }
            var distinct: [Float] = []
            for value in sorted where distinct.last != value {
                distinct.append(value)
                if distinct.count > bins { break }
            }
            if distinct.count <= bins {
                return zip(distinct, distinct.dropFirst()).map { ($0 + $1) / 2 }
            }
            var edges: [Float] = []
            for k in 1..<bins {
                let value = sorted[min(sorted.count - 1, k * sorted.count / bins)]
                if value > sorted[0], edges.last.map({ value > $0 }) ?? true { edges.append(value) }
            }
            return edges
        }
    }
}
