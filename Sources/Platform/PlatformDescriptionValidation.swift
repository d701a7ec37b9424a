/// The rules a description must satisfy before anything reads or actuates with it.
extension PlatformDescription {
    /// Throws the first problem found, naming its field.
    public func validate(origin: String = "platform description") throws(PlatformDescriptionError) {
        func fail(_ field: String, _ problem: String) -> PlatformDescriptionError {
            PlatformDescriptionError(origin: origin, field: field, problem: problem)
        }
        func checkTable(_ table: [Int], _ field: String) throws(PlatformDescriptionError) {
            guard !table.isEmpty else { throw fail(field, "is empty: a clock needs at least one operating point") }
            for (index, value) in table.enumerated() {
                guard value > 0 else { throw fail("\(field)[\(index)]", "must be a positive frequency in kHz, got \(value)") }
                if index > 0, value <= table[index - 1] {
                    throw fail("\(field)[\(index)]", "must be strictly ascending (\(table[index - 1]) then \(value))")
                }
            }
        }
        func checkDuration(_ value: Double, _ field: String) throws(PlatformDescriptionError) {
            guard value.isFinite, value >= 0 else { throw fail(field, "must be a finite duration ≥ 0 µs, got \(value)") }
        }

        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail("name", "must be non-empty letters, digits, '-' or '_', got '\(name)'")
        }
        try checkDuration(cpu.transitionLatencyUs, "cpu.transitionLatencyUs")
        var seenCPUs = Set<Int>()
        var seenIDs = Set<Int>()
        for (index, cluster) in cpu.clusters.enumerated() {
            let field = "cpu.clusters[\(index)]"
            guard seenIDs.insert(cluster.id).inserted else { throw fail("\(field).id", "duplicate cluster id \(cluster.id)") }
            guard !cluster.cpus.isEmpty else { throw fail("\(field).cpus", "is empty") }
            for cpuIndex in cluster.cpus {
                guard cpuIndex >= 0 else { throw fail("\(field).cpus", "CPU numbers must be ≥ 0, got \(cpuIndex)") }
                guard seenCPUs.insert(cpuIndex).inserted else {
                    throw fail("\(field).cpus", "CPU \(cpuIndex) belongs to two clusters")
                }
            }
            guard cluster.policyPath.hasPrefix("/") else {
                throw fail("\(field).policyPath", "must be an absolute path, got '\(cluster.policyPath)'")
            }
            try checkTable(cluster.frequenciesKHz, "\(field).frequenciesKHz")
        }
        if let gpu {
            try checkTable(gpu.frequenciesKHz, "gpu.frequenciesKHz")
            guard gpu.devfreqPath.hasPrefix("/") else { throw fail("gpu.devfreqPath", "must be an absolute path") }
        }
        if let emc {
            try checkTable(emc.frequenciesKHz, "emc.frequenciesKHz")
            guard emc.controlPath.hasPrefix("/") else { throw fail("emc.controlPath", "must be an absolute path") }
        }
        var railNames = Set<String>()
        for (index, rail) in powerRails.rails.enumerated() {
            guard !rail.name.isEmpty else { throw fail("powerRails.rails[\(index)].name", "is empty") }
            guard railNames.insert(rail.name).inserted else {
                throw fail("powerRails.rails[\(index)].name", "duplicate rail '\(rail.name)'")
            }
        }
        var zoneIndices = Set<Int>()
        for (index, zone) in thermalZones.zones.enumerated() {
            guard zone.index >= 0, zoneIndices.insert(zone.index).inserted else {
                throw fail("thermalZones.zones[\(index)].index", "must be a unique index ≥ 0, got \(zone.index)")
            }
        }
        let cpuTable = Set(cpu.clusters.flatMap(\.frequenciesKHz))
        for (index, mode) in powerModes.modes.enumerated() {
            let field = "powerModes.modes[\(index)]"
            guard !mode.name.isEmpty else { throw fail("\(field).name", "is empty") }
            guard mode.onlineCores >= 1, mode.onlineCores <= max(1, seenCPUs.count) else {
                throw fail("\(field).onlineCores", "must be 1...\(seenCPUs.count), got \(mode.onlineCores)")
            }
            guard cpuTable.contains(mode.cpuMinKHz) else {
                throw fail("\(field).cpuMinKHz", "\(mode.cpuMinKHz) kHz is not a CPU operating point")
            }
            guard cpuTable.contains(mode.cpuMaxKHz), mode.cpuMaxKHz >= mode.cpuMinKHz else {
                throw fail("\(field).cpuMaxKHz", "\(mode.cpuMaxKHz) kHz is not a CPU operating point ≥ cpuMinKHz")
            }
            if let cap = mode.gpuMaxKHz {
                guard let gpu, gpu.frequenciesKHz.contains(cap) else {
                    throw fail("\(field).gpuMaxKHz", "\(cap) kHz is not a GPU operating point")
                }
            }
            if let cap = mode.emcMaxKHz {
                guard let emc, emc.frequenciesKHz.contains(cap) else {
                    throw fail("\(field).emcMaxKHz", "\(cap) kHz is not an EMC operating point")
                }
            }
        }
        try checkDuration(actuationDelays.cpuUs, "actuationDelays.cpuUs")
        try checkDuration(actuationDelays.gpuUs, "actuationDelays.gpuUs")
        try checkDuration(actuationDelays.emcUs, "actuationDelays.emcUs")
        try checkDuration(actuationDelays.writeCostUs, "actuationDelays.writeCostUs")
    }
}
