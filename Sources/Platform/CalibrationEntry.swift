/// One number of a calibration table, with its unit and where it comes from (a measurement and its source, a fit and
/// the data it was fitted to, or an assumption and why it is reasonable).
public struct CalibrationEntry: Sendable, Equatable, Codable {
    public var value: Double
    public var unit: String
    public var source: String

    public init(_ value: Double, _ unit: String, _ source: String) {
        self.value = value
        self.unit = unit
        self.source = source
    }
}
