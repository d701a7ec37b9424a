import Agents
import Environment
import Testing

@Suite("EnvironmentMix")
struct EnvironmentMixTests {
    @Test("each reset picks a member at random, reproducibly from the seed, and steps go to that member")
    func picksMembers() throws {
        let short = ChainMDP(length: 6, timeLimit: 3), long = ChainMDP(length: 6, timeLimit: 50)
        let mix = EnvironmentMix([short, long])
        var picks: [Int] = []
        _ = try mix.reset(seed: 5)
        picks.append(mix.current)
        for _ in 0..<39 {
            _ = try mix.reset(seed: nil)
            picks.append(mix.current)
        }
        #expect(Set(picks) == [0, 1])
        // The same seed gives the same sequence of members.
        var again: [Int] = []
        _ = try mix.reset(seed: 5)
        again.append(mix.current)
        for _ in 0..<39 {
            _ = try mix.reset(seed: nil)
            again.append(mix.current)
        }
        #expect(again == picks)
        // Stepping right ends the episode when the member in use says so: cut after 3 steps, or the end after 5.
        for _ in 0..<4 {
            _ = try mix.reset(seed: nil)
            let expected = mix.current == 0 ? 3 : 5
            var steps = 0
            var done = false
            while !done {
                done = try mix.step([1, 0]).isDone
                steps += 1
            }
            #expect(steps == expected)
        }
    }
}
