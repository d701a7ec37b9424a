import Environment
import Testing

@Suite("EnvChecker")
struct EnvCheckerTests {
    @Test("a correct environment passes")
    func correctPasses() {
        #expect(EnvChecker.check(ToyWalkEnv()).isEmpty)
        #expect(EnvChecker.check(TimeLimit(OrderEnforcing(ToyWalkEnv()), maxEpisodeSteps: 50)).isEmpty)
        #expect(EnvChecker.check(RecordEpisodeStatistics(ToyWalkEnv())).isEmpty)
    }

    @Test("each deliberately broken environment fails with the matching check",
          arguments: [
            (ToyWalkEnv.Fault.nondeterministicReset, EnvChecker.Failure.Check.resetSeedDeterminism),
            (.observationOutOfSpace, .stepObservationInSpace),
            (.nanReward, .finiteReward),
            (.truncatedAfterOneStep, .truncatedAfterOneStep),
            (.closeTwiceThrows, .doubleClose),
          ])
    func brokenFails(fault: ToyWalkEnv.Fault, expected: EnvChecker.Failure.Check) {
        let failures = EnvChecker.check(ToyWalkEnv(fault: fault))
        #expect(failures.contains { $0.check == expected }, "\(failures)")
    }

    @Test("a time limit of one step is caught as truncation after one step")
    func timeLimitOfOne() {
        let failures = EnvChecker.check(TimeLimit(ToyWalkEnv(), maxEpisodeSteps: 1))
        #expect(failures.map(\.check) == [.truncatedAfterOneStep])
    }
}
