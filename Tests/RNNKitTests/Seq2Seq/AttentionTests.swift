import Foundation
import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite("Attention")
struct AttentionTests {
    static let scores: [Attention.Score] = [.dot, .scaledDot, .general, .additive(size: 5)]

    @Test("a worked example: W_a = I, q = (1, 0), keys (1, 0) and (0, 1) give weights e/(e+1), 1/(e+1)")
    func workedExample() {
        let attention = Attention(weight: Matrix.identity(2))
        let (c, a, e, _) = attention.forward(query: Matrix([[1, 0]]), keys: [Matrix([[1, 0]]), Matrix([[0, 1]])])
        let x = exp(1.0)
        #expect(e == Matrix([[1, 0]]))  // the raw scores q W_aᵀ k_j
        #expect(abs(a[0, 0] - x / (x + 1)) < 1e-15 && abs(a[0, 1] - 1 / (x + 1)) < 1e-15)
        #expect(S.maxDifference(c, Matrix([[x / (x + 1), 1 / (x + 1)]])) < 1e-15)  // c = Σ a_j k_j
    }

    @Test("each score computed by hand for one query and two keys: dot, q·k/√d, (q W_aᵀ)·k, v·tanh(q Wᵀ + k Uᵀ)")
    func scoresByHand() {
        var rng = RandomSource(seed: 20)
        let q = Matrix([[0.5, -1, 2]])
        let keys = [Matrix([[1, 2, 0.25]]), Matrix([[-0.5, 0, 1]])]
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        for score in Self.scores {
            let attention = Attention(querySize: 3, keySize: 3, score: score, using: &rng)
            let e = attention.forward(query: q, keys: keys).scores
            for j in 0..<2 {
                let k = keys[j].row(0)
                let expected: Double
                switch score {
                case .dot: expected = dot(q.row(0), k)
                case .scaledDot: expected = dot(q.row(0), k) / 3.0.squareRoot()
                case .general: expected = dot(q.matmul(attention.weight.T).row(0), k)
                case .additive:
                    let pre = q.matmul(attention.queryWeight.T) + keys[j].matmul(attention.keyWeight.T)
                    expected = dot(attention.scoreWeight.row(0), pre.map { tanh($0) }.row(0))
                }
                #expect(abs(e[0, j] - expected) < 1e-14, "\(score), key \(j)")
            }
        }
    }

    @Test("PyTorch's layouts: W_a (key × query); W (A × query), U (A × key), v (1 × A); none for dot scores")
    func layouts() {
        var rng = RandomSource(seed: 23)
        #expect(Attention(querySize: 3, keySize: 4, score: .general, using: &rng).parameters.map(\.shape.rows) == [4])
        #expect(Attention(querySize: 3, keySize: 4, score: .general, using: &rng).parameters.map(\.shape.cols) == [3])
        let additive = Attention(querySize: 3, keySize: 4, score: .additive(size: 5), using: &rng)
        #expect(additive.parameters.map(\.shapeDescription) == ["(5×3)", "(5×4)", "(1×5)"])
        #expect(additive.parameterNames == ["W.weight", "U.weight", "v.weight"])
        #expect(Attention(querySize: 4, keySize: 4, score: .dot, using: &rng).parameters.isEmpty)
        #expect(Attention(querySize: 4, keySize: 4, score: .scaledDot, using: &rng).parameterCount == 0)
    }

    @Test("padded positions: weight exactly zero, score −∞, real weights sum to 1; padded keys cannot change the context")
    func masking() {
        var rng = RandomSource(seed: 21)
        for score in Self.scores {
            let attention = Attention(querySize: 4, keySize: 4, score: score, using: &rng)
            let q = Matrix.uniform(2, 4, -1, 1, using: &rng)
            var keys = S.randomSequence(5, 2, 4, using: &rng)
            let lengths = [5, 2]
            let (c, a, e, _) = attention.forward(query: q, keys: keys, lengths: lengths)
            #expect(a.row(1)[2...].allSatisfy { $0 == 0 } && e.row(1)[2...].allSatisfy { $0 == -.infinity })
            #expect(a.row(0).allSatisfy { $0 > 0 } && e.row(0).allSatisfy(\.isFinite))
            #expect(abs(a.row(0).reduce(0, +) - 1) < 1e-14 && abs(a.row(1).reduce(0, +) - 1) < 1e-14)
            for t in 2..<5 { keys[t][1, 0] = 1000 }  // change row 1's padding wildly
            let (c2, _, _, _) = attention.forward(query: q, keys: keys, lengths: lengths)
            #expect(c2.rows(1..<2) == c.rows(1..<2), "\(score)")
        }
    }

    @Test(
        "gradient check of every score with a mask, from the context and the weights: parameters, query, every key (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 22)
        for score in Self.scores {
            let attention = Attention(querySize: 4, keySize: 4, score: score, using: &rng)
            let q = Matrix.uniform(3, 4, -1, 1, using: &rng)
            let keys = S.randomSequence(5, 3, 4, using: &rng)
            let lengths = [5, 2, 3]
            let r = Matrix.uniform(3, 4, -1, 1, using: &rng)  // weighs the context
            let w = Matrix.uniform(3, 5, -1, 1, using: &rng)  // weighs the attention weights
            func loss(_ m: Attention, _ q: Matrix, _ keys: [Matrix]) -> Double {
                let out = m.forward(query: q, keys: keys, lengths: lengths)
                return S.dot(out.context, r) + S.dot(out.weights, w)
            }
            let (_, _, _, cache) = attention.forward(query: q, keys: keys, lengths: lengths)
            let g = attention.backward(r, dWeights: w, cache: cache)
            for (name, error) in GradientCheck.check(attention, analytic: g.parameters, loss: { loss($0, q, keys) }) {
                #expect(error < 1e-7, "\(score) \(name): \(error)")
            }
            let dq = GradientCheck.numericGradient(at: q) { loss(attention, $0, keys) }
            #expect(GradientCheck.relativeError(g.query, dq) < 1e-7, "\(score) query")
            let dKeys = GradientCheck.numericGradients(at: keys) { loss(attention, q, $0) }
            for t in 0..<5 { #expect(GradientCheck.relativeError(g.keys[t], dKeys[t]) < 1e-7, "\(score) key \(t)") }
            #expect(g.keys[3].rows(1..<3) == Matrix.zeros(2, 4) && g.keys[2].rows(1..<2) == Matrix.zeros(1, 4))
        }
    }

    @Test("without dWeights the backward is the context's alone: passing zeros changes nothing")
    func dWeightsDefault() {
        var rng = RandomSource(seed: 24)
        let attention = Attention(querySize: 3, keySize: 3, score: .additive(size: 4), using: &rng)
        let q = Matrix.uniform(2, 3, -1, 1, using: &rng)
        let keys = S.randomSequence(4, 2, 3, using: &rng)
        let (_, _, _, cache) = attention.forward(query: q, keys: keys, lengths: [4, 3])
        let r = Matrix.uniform(2, 3, -1, 1, using: &rng)
        let a = attention.backward(r, cache: cache), b = attention.backward(r, dWeights: Matrix.zeros(2, 4), cache: cache)
        #expect(a.query == b.query && a.keys == b.keys && a.parameters.values == b.parameters.values)
    }
}
