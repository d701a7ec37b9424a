import Environment
import Testing

@Suite("Spaces")
struct SpaceTests {
    @Test("Box contains checks length, bounds and NaN")
    func boxContains() {
        let box = Box(low: [-1, 0], high: [1, 10])
        #expect(box.contains([0, 5]))
        #expect(box.contains([-1, 10]))
        #expect(!box.contains([0]))
        #expect(!box.contains([1.0001, 5]))
        #expect(!box.contains([.nan, 5]))
        #expect(box.flatdim == 2)
    }

    @Test("Box samples lie in the box, follow the seed, and fill it uniformly")
    func boxSample() {
        let box = Box(low: -2, high: 3, shape: [2, 3])
        var a = Xoshiro256StarStar(seed: 7)
        var b = Xoshiro256StarStar(seed: 7)
        var sum = 0.0
        for _ in 0..<2000 {
            let x = box.sample(using: &a)
            #expect(box.contains(x))
            #expect(x == box.sample(using: &b))
            sum += Double(x.reduce(0, +)) / 6
        }
        #expect(abs(sum / 2000 - 0.5) < 0.1)  // mean of U(−2, 3) is 0.5; σ of the estimate ≈ 0.013
    }

    @Test("unbounded Box dimensions sample finite values on the right side")
    func halfBoundedBox() {
        let box = Box(low: [0, -.infinity, -.infinity], high: [.infinity, 0, .infinity])
        var g = Xoshiro256StarStar(seed: 1)
        for _ in 0..<500 {
            let x = box.sample(using: &g)
            #expect(box.contains(x) && x.allSatisfy(\.isFinite))
        }
    }

    @Test("Discrete with a start: membership, uniform samples, one-hot")
    func discrete() {
        let space = Discrete(4, start: 10)
        #expect(space.contains(10) && space.contains(13) && !space.contains(14) && !space.contains(9))
        var g = Xoshiro256StarStar(seed: 3)
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<4000 { counts[space.sample(using: &g) - 10] += 1 }
        #expect(counts.allSatisfy { abs($0 - 1000) < 150 })
        #expect(space.flatten(12) == [0, 0, 1, 0])
        #expect(space.flatdim == 4)
    }

    @Test("MultiDiscrete: per-component membership, samples, concatenated one-hots")
    func multiDiscrete() {
        let space = MultiDiscrete([13, 25, 15])
        #expect(space.contains([12, 24, 14]) && !space.contains([13, 0, 0]) && !space.contains([0, 0]))
        #expect(!space.contains([0, -1, 0]))
        var g = Xoshiro256StarStar(seed: 5)
        var seen = Set<Int>()
        for _ in 0..<3000 {
            let x = space.sample(using: &g)
            #expect(space.contains(x))
            seen.insert(x[1])
        }
        #expect(seen.count == 25)
        #expect(space.flatdim == 53)
        let flat = space.flatten([1, 0, 14])
        #expect(flat.count == 53 && flat[1] == 1 && flat[13] == 1 && flat[52] == 1 && flat.reduce(0, +) == 3)
    }

    @Test("Dict requires exactly its keys and samples every sub-space")
    func dict() {
        let space = DictSpace([("level", .discrete(Discrete(3))), ("load", .box(Box(low: 0, high: 1, shape: [1])))])
        #expect(space.contains(["level": .discrete(2), "load": .vector([0.5])]))
        #expect(!space.contains(["level": .discrete(2)]))
        #expect(!space.contains(["level": .discrete(2), "load": .vector([0.5]), "x": .discrete(0)]))
        #expect(!space.contains(["level": .vector([1]), "load": .vector([0.5])]))
        var g = Xoshiro256StarStar(seed: 9)
        for _ in 0..<100 { #expect(space.contains(space.sample(using: &g))) }
        #expect(space.flatdim == 4)
    }

    @Test("xoshiro256** matches the reference output for a known state; Lemire bounds are exact")
    func generator() {
        // Reference: SplitMix64 from seed 0 yields 0xE220A8397B1DCDAF first (Vigna's splitmix64.c).
        var split = SplitMix64(seed: 0)
        #expect(split.next() == 0xE220_A839_7B1D_CDAF)
        var g = Xoshiro256StarStar(seed: 42)
        var h = g
        #expect(g == h)
        _ = g.next()
        #expect(g != h)
        _ = h.next()
        #expect(g == h)
        for bound in [1, 2, 3, 7, 1000] {
            for _ in 0..<200 { #expect((0..<bound).contains(g.nextInt(below: bound))) }
        }
        let d = g.nextDouble()
        #expect(d >= 0 && d < 1)
    }
}
