import Foundation

/// The evaluation's progress on standard error: a redrawn bar on a terminal, a plain line per finished scenario
/// otherwise (training shows `TrainingProgress`, the same style).
final class DemoProgress {
    let total: Int
    let unit: String
    let isTerminal = isatty(STDERR_FILENO) != 0
    private let start = ContinuousClock.now

    init(total: Int, unit: String) {
        self.total = total
        self.unit = unit
    }

    private func status(_ done: Int) -> String {
        String(format: "evaluate: %d/%d %@  %.1f s", done, total, unit, TrainingProgress.seconds(since: start))
    }

    func update(_ done: Int) {
        if isTerminal {
            let width = 30
            let filled = min(width, done * width / max(total, 1))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(status(done))\u{1B}[K".utf8))
        }
    }

    /// A plain line when standard error is not a terminal (the bar says it otherwise).
    func note(_ done: Int, _ text: String) {
        guard !isTerminal else { return }
        FileHandle.standardError.write(Data((status(done) + "  " + text + "\n").utf8))
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
