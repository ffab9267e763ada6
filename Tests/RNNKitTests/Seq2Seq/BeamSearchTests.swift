import Foundation
import Testing

@testable import RNNKit

@Suite("Greedy decoding and beam search")
struct BeamSearchTests {
    /// A toy decoder whose state is the output so far: log p(next | prefix) from a seeded table.
    static func randomModel(vocabulary: Int, seed: UInt64) -> DecoderStep<[Int]> {
        { prefix, token in
            var h: UInt64 = seed
            for t in prefix + [token] { h = h &* 1_000_003 &+ UInt64(t + 1) }
            var rng = RandomSource(seed: h)
            let z = Matrix.uniform(1, vocabulary, -2, 2, using: &rng)
            return (logSoftmax(z).row(0), prefix + [token])
        }
    }

    @Test("width 1 is greedy decoding, on 50 random models")
    func widthOneIsGreedy() {
        for seed in 0..<50 {
            let step = Self.randomModel(vocabulary: 4, seed: UInt64(seed))
            let g = greedyDecode(initial: [], start: 0, end: 3, maxLength: 6, step: step)
            let b = beamSearch(initial: [], start: 0, end: 3, width: 1, maxLength: 6, step: step)
            #expect(g == b, "seed \(seed)")
        }
    }

    @Test("a beam as wide as every prefix finds the most probable output of exhaustive search")
    func wideBeamIsExhaustive() {
        for seed in 0..<20 {
            let step = Self.randomModel(vocabulary: 3, seed: UInt64(100 + seed))
            // Exhaustive: every output of up to 3 tokens (ended by token 2, or cut at 3 tokens).
            var best = -Double.infinity
            // The start token is 0: the step reads (prefix without its last token, last token).
            func walkFromStart() {
                let (lp, _) = step([], 0)
                for k in 0..<3 { walkNext([k], lp[k]) }
            }
            func walkNext(_ out: [Int], _ logP: Double) {
                if out.last == 2 || out.count == 3 {
                    best = max(best, logP)
                    return
                }
                let (lp, _) = step([0] + out.dropLast(), out.last!)
                for k in 0..<3 { walkNext(out + [k], logP + lp[k]) }
            }
            walkFromStart()
            let b = beamSearch(initial: [], start: 0, end: 2, width: 9, maxLength: 3, step: step)
            #expect(abs(b.logProbability - best) < 1e-12, "seed \(seed)")
        }
    }

    @Test("a hand-made case: greedy takes A (0.6) then ends at 0.6·0.4 = 0.24; beam of width 2 finds B then end, 0.4·0.9 = 0.36")
    func beamBeatsGreedy() {
        // Tokens: 0 = start, 1 = A, 2 = B, 3 = end. State: the last token.
        let table: [Int: [Double]] = [
            0: [0, 0.6, 0.4, 0],  // first token: A 0.6, B 0.4
            1: [0, 0.3, 0.3, 0.4],  // after A: nothing good, end 0.4
            2: [0, 0.05, 0.05, 0.9],  // after B: end 0.9
        ]
        let step: DecoderStep<Int> = { _, token in (table[token]!.map { log($0) }, token) }
        let g = greedyDecode(initial: 0, start: 0, end: 3, maxLength: 3, step: step)
        let b = beamSearch(initial: 0, start: 0, end: 3, width: 2, maxLength: 3, step: step)
        #expect(g.tokens == [1, 3] && abs(g.logProbability - log(0.24)) < 1e-12)
        #expect(b.tokens == [2, 3] && abs(b.logProbability - log(0.36)) < 1e-12)
    }
}

@Suite("Beam search trace")
struct BeamSearchTraceTests {
    @Test("the trace's kept candidates are the beam: the best output's tokens are a path of kept candidates, scores sorted")
    func traceIsTheSearch() {
        // A fixed toy decoder: the state is the step number; token probabilities depend on it.
        let table: [[Double]] = [[0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2]]
        let step: DecoderStep<Int> = { state, token in
            (table[(state + token) % 3].map { Foundation.log($0) }, state + 1)
        }
        let plain = beamSearch(initial: 0, start: 0, end: 0, width: 2, maxLength: 4, step: step)
        let (best, steps) = beamSearchTrace(initial: 0, start: 0, end: 0, width: 2, maxLength: 4, pruned: 2, step: step)
        #expect(best == plain)
        for s in steps {
            #expect(zip(s, s.dropFirst()).allSatisfy { $0.logProbability >= $1.logProbability })
            #expect(s.prefix(2).allSatisfy(\.kept) && s.dropFirst(2).allSatisfy { !$0.kept })
        }
        // Follow the best output back through the kept candidates.
        var parent = 0
        for (t, token) in best.tokens.enumerated() {
            let live = t == 0 ? [0] : steps[t - 1].filter { $0.kept && $0.token != 0 }.indices.map { $0 }
            #expect(!live.isEmpty)
            let match = steps[t].first { $0.kept && $0.token == token && $0.parent == parent }
            #expect(match != nil, "step \(t)")
            if let match, t + 1 < best.tokens.count {
                parent = steps[t].filter { $0.kept && $0.token != 0 }.firstIndex(of: match) ?? -1
            }
        }
    }
}
