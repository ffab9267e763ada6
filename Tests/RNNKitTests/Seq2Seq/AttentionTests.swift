import Foundation
import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("Attention")
struct AttentionTests {
    @Test("a worked example: W_a = I, q = (1, 0), keys (1, 0) and (0, 1) give weights e/(e+1), 1/(e+1)")
    func workedExample() {
        let attention = Attention(weight: Matrix.identity(2))
        let (c, a, _) = attention.forward(query: Matrix([[1, 0]]), keys: [Matrix([[1, 0]]), Matrix([[0, 1]])])
        let e = exp(1.0)
        #expect(abs(a[0, 0] - e / (e + 1)) < 1e-15 && abs(a[0, 1] - 1 / (e + 1)) < 1e-15)
        #expect(S.maxDifference(c, Matrix([[e / (e + 1), 1 / (e + 1)]])) < 1e-15)  // c = Σ a_j k_j
    }

    @Test("padded positions get weight exactly zero, real ones sum to 1, and padded keys cannot change the context")
    func masking() {
        var rng = RandomSource(seed: 21)
        let attention = Attention(querySize: 3, keySize: 4, using: &rng)
        let q = Matrix.uniform(2, 3, -1, 1, using: &rng)
        var keys = S.randomSequence(5, 2, 4, using: &rng)
        let lengths = [5, 2]
        let (c, a, _) = attention.forward(query: q, keys: keys, lengths: lengths)
        #expect(a.row(1)[2...].allSatisfy { $0 == 0 })
        #expect(a.row(0).allSatisfy { $0 > 0 })
        #expect(abs(a.row(0).reduce(0, +) - 1) < 1e-14 && abs(a.row(1).reduce(0, +) - 1) < 1e-14)
        for t in 2..<5 { keys[t][1, 0] = 1000 }  // change row 1's padding wildly
        let (c2, _, _) = attention.forward(query: q, keys: keys, lengths: lengths)
        #expect(c2.rows(1..<2) == c.rows(1..<2))
    }

    @Test("gradient check with a mask: W_a, the query, every key (relative error < 1e-7); padded keys get zero gradient")
    func gradientCheck() {
        var rng = RandomSource(seed: 22)
        let attention = Attention(querySize: 3, keySize: 4, using: &rng)
        let q = Matrix.uniform(3, 3, -1, 1, using: &rng)
        let keys = S.randomSequence(5, 3, 4, using: &rng)
        let lengths = [5, 2, 3]
        let r = Matrix.uniform(3, 4, -1, 1, using: &rng)
        func loss(_ m: Attention, _ q: Matrix, _ keys: [Matrix]) -> Double {
            S.dot(m.forward(query: q, keys: keys, lengths: lengths).context, r)
        }
        let (_, _, cache) = attention.forward(query: q, keys: keys, lengths: lengths)
        let g = attention.backward(r, cache: cache)
        for (name, error) in GradientCheck.check(attention, analytic: g.parameters, loss: { loss($0, q, keys) }) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        let dq = GradientCheck.numericGradient(at: q) { loss(attention, $0, keys) }
        #expect(GradientCheck.relativeError(g.query, dq) < 1e-7)
        let dKeys = GradientCheck.numericGradients(at: keys) { loss(attention, q, $0) }
        for t in 0..<5 { #expect(GradientCheck.relativeError(g.keys[t], dKeys[t]) < 1e-7, "key \(t)") }
        #expect(g.keys[3].rows(1..<3) == Matrix.zeros(2, 4) && g.keys[2].rows(1..<2) == Matrix.zeros(1, 4))
    }
}
