import Foundation

/// A busy trace: one row per millisecond, `busy` the fraction of that millisecond the device ran.
/// The file format is CSV with the header `t_ms,busy` and consecutive integer `t_ms`.
public struct BusyTrace: Sendable, Equatable {
    /// The first row's time, ms.
    public let startMs: Int
    /// Busy fraction of each millisecond, each in [0, 1].
    public let busy: [Double]

    public init(startMs: Int = 0, busy: [Double]) {
        self.startMs = startMs
        self.busy = busy.map(clampedBusyFraction)
    }

    /// The expected header line.
    public static let header = "t_ms,busy"

    /// Reads and validates a trace file; errors name the file and the line.
    public static func read(from url: URL) throws(BusyTraceError) -> BusyTrace {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw BusyTraceError(path: url.path, line: nil, problem: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, path: url.path)
    }

    /// Parses CSV text; `path` only names the source in errors.
    public static func parse(_ text: String, path: String) throws(BusyTraceError) -> BusyTrace {
        // "\r\n" is one Character in Swift, and a newline one: split on any newline so CRLF files read too.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        while lines.last == "" { lines.removeLast() }
        guard let first = lines.first else { throw BusyTraceError(path: path, line: 1, problem: "empty file, expected header '\(header)'") }
        guard first.replacingOccurrences(of: " ", with: "") == header else {
            throw BusyTraceError(path: path, line: 1, problem: "expected header '\(header)', found '\(first)'")
        }
        var busy: [Double] = []
        busy.reserveCapacity(lines.count - 1)
        var startMs = 0
        for (offset, line) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw BusyTraceError(path: path, line: lineNumber, problem: "expected 2 fields 't_ms,busy', found \(fields.count)")
            }
            guard let timeMs = Int(fields[0]) else {
                throw BusyTraceError(path: path, line: lineNumber, problem: "t_ms '\(fields[0])' is not an integer")
            }
            guard let value = Double(fields[1]), value.isFinite else {
                throw BusyTraceError(path: path, line: lineNumber, problem: "busy '\(fields[1])' is not a number")
            }
            guard value >= 0 && value <= 1 else {
                throw BusyTraceError(path: path, line: lineNumber, problem: "busy \(fields[1]) is outside [0, 1]")
            }
            if busy.isEmpty {
                startMs = timeMs
            } else if timeMs != startMs + busy.count {
                throw BusyTraceError(path: path, line: lineNumber,
                                     problem: "t_ms \(timeMs) does not follow \(startMs + busy.count - 1) (one row per millisecond)")
            }
            busy.append(value)
        }
        guard !busy.isEmpty else { throw BusyTraceError(path: path, line: 2, problem: "no rows after the header") }
        return BusyTrace(startMs: startMs, busy: busy)
    }
}

/// A malformed busy trace: the file, the line (1-based, the header is line 1) and what is wrong.
public struct BusyTraceError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let problem: String

    public var description: String {
        if let line { return "\(path):\(line): \(problem)" }
        return "\(path): \(problem)"
    }
}
