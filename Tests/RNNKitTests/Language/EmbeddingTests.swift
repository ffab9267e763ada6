import Testing

@testable import RNNKit

@Suite struct EmbeddingTests {
    @Test func forwardIsARowLookupEqualToTheOneHotProduct() {
        var rng = RandomSource(seed: 3)
        let e = Embedding(vocabularySize: 6, dimension: 4, using: &rng)
        let ids = [5, 0, 2, 2]
        let x = e.forward(ids)
        #expect(x.shape == (4, 4))
        for (b, i) in ids.enumerated() { #expect(x.row(b) == e.weight.row(i)) }
        #expect(x.isClose(to: oneHot(ids, classes: 6).matmul(e.weight), tolerance: 0))
    }

    @Test func initializationIsStandardNormal() {
        var rng = RandomSource(seed: 4)
        let e = Embedding(vocabularySize: 200, dimension: 50, using: &rng)
        let mean = e.weight.mean()
        let variance = e.weight.map { ($0 - mean) * ($0 - mean) }.mean()
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)  // 10 000 draws: N(0, 1)
        #expect(e.parameterNames == ["weight"] && e.parameterCount == 10_000)
    }

    @Test func backwardScatterAddsIntoTheLookedUpRowsOnly() {
        let e = Embedding(weight: Matrix(rows: 4, cols: 2))
        let dx = Matrix([[1, 2], [10, 20], [100, 200]])
        let dE = e.backward(dx, indices: [3, 1, 3]).values[0]
        #expect(dE == Matrix([[0, 0], [10, 20], [0, 0], [101, 202]]))  // token 3 twice: both added
    }

    @Test func gradientCheckThroughASequenceAndAGRU() {
        var rng = RandomSource(seed: 5)
        let e = Embedding(vocabularySize: 5, dimension: 3, using: &rng)
        let gru = GRU(inputSize: 3, hiddenSize: 2, using: &rng)
        let steps = [[1, 4], [4, 0], [2, 2]]  // 3 steps × batch 2, repeated tokens
        let r = (0..<3).map { _ in Matrix.uniform(2, 2, -1, 1, using: &rng) }
        func loss(_ m: Embedding) -> Double {
            let (hs, _, _) = gru.forward(m.forward(steps))
            return zip(hs, r).reduce(0) { $0 + ($1.0 * $1.1).sum() }
        }
        let (_, _, cache) = gru.forward(e.forward(steps))
        let dxs = gru.backward(r, dFinal: nil, cache: cache).inputs
        let analytic = e.backward(dxs, steps: steps)
        for (name, error) in GradientCheck.check(e, analytic: analytic, loss: loss) {
            #expect(error < 1e-7, "\(name): \(error)")
        }
        #expect(analytic.values[0].row(3) == [0, 0, 0])  // token 3 never looked up
    }

    @Test func oneHotRows() {
        #expect(oneHot([2, 0], classes: 3) == Matrix([[0, 0, 1], [1, 0, 0]]))
    }
}
