/// One temperature reading: the zone's index, its `type`, and °C.
public struct ThermalSample: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var celsius: Double

    public init(index: Int, name: String, celsius: Double) {
        self.index = index
        self.name = name
        self.celsius = celsius
    }
}

/// Something that reports temperatures.
public protocol TemperatureSensor: Sendable {
    func read() throws(SysfsError) -> [ThermalSample]
}

/// The kernel's thermal zones: `/sys/class/thermal/thermal_zoneN/{type,temp}`, temp in m°C.
public struct ThermalZoneSensor: TemperatureSensor {
    public static let thermalClassPath = "/sys/class/thermal"

    public let root: SysfsRoot
    public let zones: [ThermalZoneDescription]

    /// Finds every zone; throws if the thermal class cannot be listed.
    public init(root: SysfsRoot) throws(SysfsError) {
        self.root = root
        var zones: [ThermalZoneDescription] = []
        for entry in try root.listDirectory(Self.thermalClassPath) where entry.hasPrefix("thermal_zone") {
            guard let index = Int(entry.dropFirst("thermal_zone".count)) else { continue }
            let name = (try? root.readString("\(Self.thermalClassPath)/\(entry)/type").trimmingSpaces) ?? entry
            zones.append(ThermalZoneDescription(index: index, name: name))
        }
        self.zones = zones.sorted { $0.index < $1.index }
    }

    public func read() throws(SysfsError) -> [ThermalSample] {
        var samples: [ThermalSample] = []
        for zone in zones {
            let milliCelsius = try root.readInt("\(Self.thermalClassPath)/thermal_zone\(zone.index)/temp")
            samples.append(ThermalSample(index: zone.index, name: zone.name, celsius: Double(milliCelsius) / 1000))
        }
        return samples
    }
}
