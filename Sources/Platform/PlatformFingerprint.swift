/// A stable identity for "the board a policy was trained for": the platform name and every OPP table.
///
/// Two descriptions with the same name and the same CPU, GPU and EMC tables get the same fingerprint, whatever their
/// rails, paths or sources say, so a policy trained on the simulated `xavier-nx` runs on a real Xavier NX whose
/// discovered tables match. The hash is 64-bit FNV-1a over a canonical text, written out so it never changes with
/// the Swift runtime (Swift's `Hasher` is seeded per process).
public enum PlatformFingerprint {
    /// `"<name>:<16 hex digits>"`.
    public static func of(_ description: PlatformDescription) -> String {
        "\(description.name):\(hex(fnv1a64(canonicalText(description))))"
    }

    /// The text that is hashed: `name;cpu=<cluster tables>;gpu=<table>;emc=<table>`.
    public static func canonicalText(_ description: PlatformDescription) -> String {
        let clusters = description.cpu.clusters.sorted { $0.id < $1.id }.map { cluster in
            "\(cluster.cpus.map(String.init).joined(separator: ",")):"
                + cluster.frequenciesKHz.map(String.init).joined(separator: ",")
        }
        let gpu = description.gpu?.frequenciesKHz.map(String.init).joined(separator: ",") ?? "-"
        let emc = description.emc?.frequenciesKHz.map(String.init).joined(separator: ",") ?? "-"
        return "\(description.name);cpu=\(clusters.joined(separator: "|"));gpu=\(gpu);emc=\(emc)"
    }

    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
