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

    @Test("frame-balanced weights give every member the same expected number of frames")
    func frameBalancedPicks() throws {
        let short = ChainMDP(length: 6, timeLimit: 4), long = ChainMDP(length: 6, timeLimit: 40)
        let weights = EnvironmentMix<ChainMDP>.frameBalancedWeights(episodeFrames: [4, 40])
        let mix = EnvironmentMix([short, long], weights: weights)
        var frames = [0, 0]
        _ = try mix.reset(seed: 11)
        for _ in 0..<4000 {
            var done = false
            while !done {
                done = try mix.step([0, 0]).isDone
                frames[mix.current] += 1
            }
            _ = try mix.reset(seed: nil)
        }
        // Picks are 10:1 for the short member, so frames come out about even (binomial spread of a few percent).
        let share = Double(frames[0]) / Double(frames[0] + frames[1])
        #expect(abs(share - 0.5) < 0.05, "short member's share of frames \(share)")
        // Uniform picks would give the long member ten times the frames.
        let uniform = EnvironmentMix([short, long])
        var uniformFrames = [0, 0]
        _ = try uniform.reset(seed: 11)
        for _ in 0..<4000 {
            var done = false
            while !done {
                done = try uniform.step([0, 0]).isDone
                uniformFrames[uniform.current] += 1
            }
            _ = try uniform.reset(seed: nil)
        }
        #expect(Double(uniformFrames[1]) / Double(uniformFrames[0]) > 8)
    }
}
