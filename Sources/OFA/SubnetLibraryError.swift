/// A library file or published-library export that cannot be used; names the file and the problem.
public enum SubnetLibraryError: Error, Equatable, CustomStringConvertible {
    case unreadable(source: String, problem: String)
    case invalid(source: String, field: String, problem: String)
    case unknownDevice(device: String, available: [String], source: String)

    public var description: String {
        switch self {
        case let .unreadable(source, problem):
            "\(source): sub-network library cannot be read: \(problem)"
        case let .invalid(source, field, problem):
            "\(source): sub-network library field '\(field)' \(problem)"
        case let .unknownDevice(device, available, source):
            "\(source): sub-network library has no latency for device '\(device)' (it has \(available.joined(separator: ", ")))"
        }
    }
}
