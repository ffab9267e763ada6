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

    @Test func paddingIndexStartsAtZeroAndDrawsTheOtherRowsAsWithout() {
        var rng1 = RandomSource(seed: 8), rng2 = RandomSource(seed: 8)
        let plain = Embedding(vocabularySize: 5, dimension: 3, using: &rng1)
        let padded = Embedding(vocabularySize: 5, dimension: 3, paddingIndex: 2, using: &rng2)
        #expect(padded.weight.row(2) == [0, 0, 0])
        for i in [0, 1, 3, 4] { #expect(padded.weight.row(i) == plain.weight.row(i)) }
        #expect(rng1.next() == rng2.next())  // the same number of draws
        #expect(padded.paddingIndex == 2 && plain.paddingIndex == nil)
    }

    @Test func paddingRowGetsNoGradientAndTheOthersPassTheGradientCheck() {
        var rng = RandomSource(seed: 9)
        let table = Matrix.normal(5, 3, using: &rng)
        let e = Embedding(weight: table, paddingIndex: 0)  // a nonzero padding row: forward still reads it
        #expect(e.forward([0]).row(0) == table.row(0))
        let gru = GRU(inputSize: 3, hiddenSize: 2, using: &rng)
        let steps = [[1, 4], [0, 4], [0, 0]]  // token 0 pads the end of the first sequence
        let r = (0..<3).map { _ in Matrix.uniform(2, 2, -1, 1, using: &rng) }
        func loss(_ m: Embedding) -> Double {
            let (hs, _, _) = gru.forward(m.forward(steps))
            return zip(hs, r).reduce(0) { $0 + ($1.0 * $1.1).sum() }
        }
        let (_, _, cache) = gru.forward(e.forward(steps))
        let analytic = e.backward(gru.backward(r, dFinal: nil, cache: cache).inputs, steps: steps)
        #expect(analytic.values[0].row(0) == [0, 0, 0])  // PyTorch's padding_idx: exactly zero
        // The other rows: central differences, entry by entry (the padding row is held constant,
        // so its numeric gradient, which is not zero, is not what the layer reports).
        let h = 1e-6
        for i in 1..<5 {
            for j in 0..<3 {
                var plus = e, minus = e
                plus.weight[i, j] += h
                minus.weight[i, j] -= h
                let numeric = (loss(plus) - loss(minus)) / (2 * h)
                #expect(abs(numeric - analytic.values[0][i, j]) < 1e-8, "row \(i), column \(j)")
            }
        }
        let numericPad =
            (loss(
                {
                    var m = e; m.weight[0, 0] += h; return m
                }())
                - loss(
                    {
                        var m = e; m.weight[0, 0] -= h; return m
                    }())) / (2 * h)
        #expect(abs(numericPad) > 1e-3)  // the loss does depend on the padding row: the zero is a choice
    }

    @Test func oneHotRows() {
        #expect(oneHot([2, 0], classes: 3) == Matrix([[0, 0, 1], [1, 0, 0]]))
    }
}
