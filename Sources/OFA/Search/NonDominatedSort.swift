/// NSGA-II's ranking (Deb et al. 2002): fast non-dominated sorting into fronts and the crowding distance.
/// Objectives are all *minimised* (negate an objective to maximise it).
public enum NonDominatedSort {
    /// Whether `a` dominates `b`: no worse in every objective and better in at least one.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var strictlyBetter = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// The fronts, best first, as indices into `points` (each front in ascending index order).
    public static func fronts(_ points: [[Double]]) -> [[Int]] {
        let count = points.count
        var dominatedBy = [Int](repeating: 0, count: count)     // how many points dominate i
        var dominates = [[Int]](repeating: [], count: count)    // the points i dominates
        for i in 0..<count {
            for j in (i + 1)..<max(count, i + 1) {
                if Self.dominates(points[i], points[j]) {
                    dominates[i].append(j)
                    dominatedBy[j] += 1
                } else if Self.dominates(points[j], points[i]) {
                    dominates[j].append(i)
                    dominatedBy[i] += 1
                }
            }
        }
        var fronts: [[Int]] = []
        var current = (0..<count).filter { dominatedBy[$0] == 0 }
        while !current.isEmpty {
            fronts.append(current)
            var next: [Int] = []
            for i in current {
                for j in dominates[i] {
                    dominatedBy[j] -= 1
                    if dominatedBy[j] == 0 { next.append(j) }
                }
            }
            current = next.sorted()
        }
        return fronts
    }

    /// Crowding distance of each member of one front (same order as `front`); boundary points get +infinity.
    public static func crowdingDistances(_ points: [[Double]], front: [Int]) -> [Double] {
        var distance = [Double](repeating: 0, count: front.count)
        guard front.count > 2, let objectiveCount = points.first?.count else {
            return [Double](repeating: .infinity, count: front.count)
        }
        for objective in 0..<objectiveCount {
            let order = front.indices.sorted { points[front[$0]][objective] < points[front[$1]][objective] }
            let low = points[front[order[0]]][objective]
            let high = points[front[order[order.count - 1]]][objective]
            distance[order[0]] = .infinity
            distance[order[order.count - 1]] = .infinity
            guard high > low else { continue }
            for position in 1..<(order.count - 1) {
                let gap = points[front[order[position + 1]]][objective] - points[front[order[position - 1]]][objective]
                distance[order[position]] += gap / (high - low)
            }
        }
        return distance
    }
}
