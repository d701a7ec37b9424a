/// One reading of one supply rail. Instantaneous sensors (INA3221, hwmon) give `powerW`; energy counters (RAPL) give
/// `energyJ` (cumulative since the sensor was created, wrap-around corrected) and `powerW` as the mean since the
/// previous read (nil on the first read).
public struct RailSample: Sendable, Equatable {
    public var name: String
    public var powerW: Double?
    public var energyJ: Double?

    public init(name: String, powerW: Double?, energyJ: Double?) {
        self.name = name
        self.powerW = powerW
        self.energyJ = energyJ
    }
}

/// A set of power rails read together. Real implementations: `INA3221IioRails` (JetPack 4), `INA3221HwmonRails`
/// (JetPack 5), `RAPLEnergyRails` (Intel powercap), `HwmonPowerRails` (any hwmon `power*_input`).
public protocol PowerRailSensor: Sendable {
    /// What the readings come from, for people (`INA3221 (JetPack 4 iio) at …`).
    var sourceDescription: String { get }
    var railNames: [String] { get }
    /// Reads every rail once.
    mutating func read() throws(SysfsError) -> [RailSample]
}
