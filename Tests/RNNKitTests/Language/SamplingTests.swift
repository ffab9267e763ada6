import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SamplingTests {
    @Test func reproducibleForASeed() {
        let logits = [0.1, 1.2, -0.3, 0.8, 0.0]
        func draw(_ seed: UInt64) -> [Int] {
            var rng = RandomSource(seed: seed)
            return (0..<50).map { _ in sampleToken(logits: logits, temperature: 1, using: &rng) }
        }
        #expect(draw(42) == draw(42))
        #expect(draw(42) != draw(43))
    }

    @Test func frequenciesFollowTheSoftmaxAtTheTemperature() {
        let logits = [0.0, 1.0, 2.0]
        var rng = RandomSource(seed: 1)
        for temperature in [0.5, 1.0, 2.0] {
            var counts = [0, 0, 0]
            let n = 20_000
            for _ in 0..<n { counts[sampleToken(logits: logits, temperature: temperature, using: &rng)] += 1 }
            let p = softmax(Matrix(row: logits.map { $0 / temperature })).storage
            for k in 0..<3 { #expect(abs(Double(counts[k]) / Double(n) - p[k]) < 0.015, "T \(temperature), token \(k)") }
        }
    }

    @Test func greedyAsTemperatureGoesToZero() {
        let logits = [0.3, 2.0, 1.9, -1.0]
        var rng = RandomSource(seed: 2)
        #expect((0..<100).allSatisfy { _ in sampleToken(logits: logits, temperature: 0, using: &rng) == 1 })
        #expect((0..<100).allSatisfy { _ in sampleToken(logits: logits, temperature: 0.001, using: &rng) == 1 })
        var rng2 = RandomSource(seed: 2)
        let before = rng2.state
        _ = sampleToken(logits: logits, temperature: 0, using: &rng2)
        #expect(rng2.state == before)  // greedy draws no random number
    }

    @Test func sequenceStopsAtTheEndOrTheLimit() {
        var rng = RandomSource(seed: 3)
        // A "model" that says token 5 after start, then the end token 2.
        let short = sampleSequence(start: 1, end: 2, maxLength: 10, temperature: 0, using: &rng) { prev in
            prev == 1 ? [0, 0, 0, 0, 0, 9] : [0, 0, 9, 0, 0, 0]
        }
        #expect(short == [5])
        let long = sampleSequence(start: 1, end: 2, maxLength: 4, temperature: 0, using: &rng) { _ in [0, 0, 0, 9] }
        #expect(long == [3, 3, 3, 3])
    }
}
