
/// Why a policy file was refused. Printed as one line naming the file and the problem.
public struct PolicyFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Problem: Equatable, Sendable {
        /// The HDF5 layer could not read it (missing, truncated, not HDF5, missing object): its message.
        case unreadable(String)
        /// The root `format` attribute is not `tandem.policy`.
        case wrongFormat(found: String?)
        /// The root `version` attribute is newer than this reader (or not positive).
        case unsupportedVersion(found: Int, supported: Int)
        /// A required dataset or attribute is absent.
        case missing(String)
        /// A dataset's shape differs from what the rest of the file implies.
        case shapeMismatch(field: String, expected: [Int], found: [Int])
        /// A value is present but unusable (NaN weights, unsorted bins, an unknown activation, ...).
        case invalid(field: String, reason: String)
        /// The policy was trained for another board: what differs.
        case trainedForAnotherBoard([String])
    }

    public let file: String
    public let problem: Problem

    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .unreadable(let message): return "\(file): not a readable policy file: \(message)"
        case .wrongFormat(let found):
            return "\(file): not a Tandem policy file (root attribute format is \(found.map { "'\($0)'" } ?? "missing"), expected '\(PolicyFile.format)')"
        case .unsupportedVersion(let found, let supported):
            return "\(file): policy file version \(found) is not supported (this Tandem reads versions 1...\(supported)); upgrade Tandem or re-export the policy"
        case .missing(let field): return "\(file): policy file lacks \(field)"
        case .shapeMismatch(let field, let expected, let found):
            return "\(file): \(field) has shape \(found), expected \(expected)"
        case .invalid(let field, let reason): return "\(file): \(field): \(reason)"
        case .trainedForAnotherBoard(let differences):
            return "\(file): policy was trained for another board: " + differences.joined(separator: "; ")
        }
    }
}
