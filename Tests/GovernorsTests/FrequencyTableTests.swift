import Testing
@testable import Governors

@Suite struct FrequencyTableTests {
    @Test func relationsMatchLinearSearch() throws {
        let table = XavierNXTables.cpu
        let ops = XavierNXTables.cpuKHz
        for target in stride(from: 0, through: 2_100_000, by: 3_197) + ops + ops.map({ $0 + 1 }) + ops.map({ $0 - 1 }) {
            #expect(table.lowestAtOrAbove(target) == XavierNXTables.lowestAtOrAbove(ops, target), "L at \(target)")
            #expect(table.highestAtOrBelow(target) == XavierNXTables.highestAtOrBelow(ops, target), "H at \(target)")
            let closest = ops.min { abs($0 - target) < abs($1 - target) || (abs($0 - target) == abs($1 - target) && $0 < $1) }!
            #expect(table.closest(target) == closest, "C at \(target)")
        }
        #expect(table.lowestKHz == 115_200 && table.highestKHz == 1_907_200 && table.count == 25)
    }

    @Test func tieGoesToTheLowerEntry() throws {
        let table = try FrequencyTable(frequenciesKHz: [300, 100, 200, 200])
        #expect(table.frequenciesKHz == [100, 200, 300])
        #expect(table.closest(150) == 100)
        #expect(table.closest(151) == 200)
    }

    @Test func refusesEmptyAndNonPositive() {
        #expect(throws: FrequencyTableError.empty) { try FrequencyTable(frequenciesKHz: []) }
        #expect(throws: FrequencyTableError.nonPositive(0)) { try FrequencyTable(frequenciesKHz: [100, 0]) }
    }
}
