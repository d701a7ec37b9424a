extension ParetoSearch.Result {
    /// `count` distinct front points spread along it: for latency targets equally spaced between the front's
    /// fastest and slowest point, the nearest (by latency) point not yet taken. Ascending in latency.
    /// Returns the whole front when it has `count` points or fewer.
    public func levels(_ count: Int) -> [ParetoSearch.Candidate] {
        guard count > 0 else { return [] }
        guard front.count > count, let fastest = front.first, let slowest = front.last else { return front }
        var taken = Set<Int>()
        for level in 0..<count {
            let fraction = count == 1 ? 1.0 : Double(level) / Double(count - 1)
            let target = fastest.latencyMs + fraction * (slowest.latencyMs - fastest.latencyMs)
            let nearest = front.indices.filter { !taken.contains($0) }.min {
                abs(front[$0].latencyMs - target) < abs(front[$1].latencyMs - target)
            }
            if let nearest { taken.insert(nearest) }
        }
        return taken.sorted().map { front[$0] }
    }
}
