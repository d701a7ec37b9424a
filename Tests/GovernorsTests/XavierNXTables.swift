@testable import Governors

/// The Xavier NX operating points from ../shared/reference/jetson-xavier-nx.md §1–2, written out independently of
/// the product so the tests check the governors against the reference's numbers.
enum XavierNXTables {
    static let cpuKHz = [115200, 192000, 268800, 345600, 422400, 499200, 576000, 652800, 729600, 806400, 883200,
                         960000, 1036800, 1113600, 1190400, 1267200, 1344000, 1420800, 1497600, 1574400, 1651200,
                         1728000, 1804800, 1881600, 1907200]
    static let gpuKHz = [114750, 204000, 306000, 408000, 510000, 599250, 701250, 752250, 803250, 854250, 905250,
                         956250, 1007250, 1058250, 1109250]
    static var cpu: FrequencyTable { (try? FrequencyTable(frequenciesKHz: cpuKHz))! }
    static var gpu: FrequencyTable { (try? FrequencyTable(frequenciesKHz: gpuKHz))! }

    /// Naive RELATION_L by linear search.
    static func lowestAtOrAbove(_ table: [Int], _ target: Int) -> Int { table.first { $0 >= target } ?? table.last! }
    /// Naive RELATION_H by linear search.
    static func highestAtOrBelow(_ table: [Int], _ target: Int) -> Int { table.last { $0 <= target } ?? table.first! }
}
