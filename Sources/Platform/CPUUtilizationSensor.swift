/// CPU utilisation from `/proc/stat` deltas: for each `cpuN` line, busy = total − idle − iowait over the interval
/// between two reads (the same accounting as top and tegrastats).
public struct CPUUtilizationSensor: Sendable {
    public static let procStatPath = "/proc/stat"

    /// The jiffies of one CPU line.
    public struct Times: Sendable, Equatable {
        public var total: UInt64
        public var idle: UInt64
    }

    public let root: SysfsRoot
    private var previous: [Int: Times] = [:]

    public init(root: SysfsRoot) {
        self.root = root
    }

    /// Parses the `cpuN` lines (not the aggregate `cpu` line) into times per CPU number.
    public static func parse(_ text: String, path: String) throws(SysfsError) -> [Int: Times] {
        var result: [Int: Times] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("cpu") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let label = fields.first, label != "cpu" else { continue }
            guard let cpu = Int(label.dropFirst(3)), fields.count >= 5 else {
                throw .garbage(path: path, content: String(line), expected: "'cpuN user nice system idle …'")
            }
            var values: [UInt64] = []
            for field in fields.dropFirst() {
                guard let value = UInt64(field) else {
                    throw .garbage(path: path, content: String(line), expected: "jiffy counts")
                }
                values.append(value)
            }
            // user nice system idle iowait irq softirq steal [guest guest_nice are already inside user/nice]
            let counted = values.prefix(8)
            let idle = values[3] + (values.count > 4 ? values[4] : 0)
            result[cpu] = Times(total: counted.reduce(0, +), idle: idle)
        }
        guard !result.isEmpty else { throw .garbage(path: path, content: String(text.prefix(80)), expected: "cpuN lines") }
        return result
    }

    /// Busy fraction (0...1) per CPU number since the previous call; the first call reports since boot.
    public mutating func read() throws(SysfsError) -> [Int: Double] {
        let current = try Self.parse(root.readString(Self.procStatPath), path: root.resolve(Self.procStatPath))
        var result: [Int: Double] = [:]
        for (cpu, now) in current {
            let before = previous[cpu] ?? Times(total: 0, idle: 0)
            let total = now.total >= before.total ? now.total - before.total : now.total
            let idle = now.idle >= before.idle ? now.idle - before.idle : now.idle
            result[cpu] = total == 0 ? 0 : Double(total - min(idle, total)) / Double(total)
        }
        previous = current
        return result
    }
}
