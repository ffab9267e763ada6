import Testing

@testable import RNNKit

@Suite struct RandomSourceTests {
    // SplitMix64 with seed 42, computed independently in Python (integers masked to 64 bits).
    @Test func firstOutputsForSeed42() {
        var rng = RandomSource(seed: 42)
        #expect(rng.next() == 0xBDD7_3226_2FEB_6E95)
        #expect(rng.next() == 0x28EF_E333_B266_F103)
        #expect(rng.next() == 0x4752_6757_130F_9F52)
    }

    @Test func firstUniformsAndNormalsForSeed42() {
        var rng = RandomSource(seed: 42)
        // (bits >> 11) · 2⁻⁵³, same Python run.
        #expect(rng.uniform() == 0.7415648787718233)
        #expect(rng.uniform() == 0.1599103928769201)
        #expect(rng.uniform() == 0.27860113025513866)
        var g = RandomSource(seed: 42)
        // Box-Muller on (1 − u₁, u₂): √(−2 log(1 − u₁)) cos(2π u₂), two uniforms per normal.
        #expect(abs(g.normal() - 0.8822489062222688) < 1e-15)
        #expect(abs(g.normal() - -0.4508498757188601) < 1e-15)
    }

    @Test func integersAndPermutationsStayInRange() {
        var rng = RandomSource(seed: 5)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<6000 { counts[rng.int(below: 6)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
        #expect(rng.permutation(50).sorted() == Array(0..<50))
    }

    @Test func uniformMomentsAreRight() {
        var rng = RandomSource(seed: 9)
        let n = 100_000
        let u = (0..<n).map { _ in rng.uniform() }
        let mean = u.reduce(0, +) / Double(n)
        #expect(abs(mean - 0.5) < 0.01)
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    }
}
