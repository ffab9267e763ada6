import Testing

@testable import RNNKit

private typealias S = GatedTestSupport

@Suite struct PaddedBatchTests {
    @Test func padsOnTheRightTimeMajorWithMasks() {
        let b = PaddedBatch([[5, 6, 7], [8], [9, 10]], padding: 0)
        #expect(b.steps == [[5, 8, 9], [6, 0, 10], [7, 0, 0]])
        #expect(b.lengths == [3, 1, 2] && b.realCount == 6 && b.stepCount == 3 && b.batchSize == 3)
        #expect(b.mask(at: 1) == Matrix(column: [1, 0, 1]))
        #expect(b.sequence(2) == [9, 10])
    }

    @Test func lastRealStatesAndItsBackward() {
        let b = PaddedBatch([[1, 1], [1], [1, 1, 1]], padding: 0)
        let hs = (0..<3).map { t in Matrix([[Double(t), 10], [Double(t), 20], [Double(t), 30]]) }
        #expect(b.lastRealStates(hs) == Matrix([[1, 10], [0, 20], [2, 30]]))
        let dhs = b.lastRealStatesBackward(Matrix([[1, 2], [3, 4], [5, 6]]))
        #expect(dhs[0] == Matrix([[0, 0], [3, 4], [0, 0]]))
        #expect(dhs[1] == Matrix([[1, 2], [0, 0], [0, 0]]))
        #expect(dhs[2] == Matrix([[0, 0], [0, 0], [5, 6]]))
    }

    /// Runs `layer` over a padded batch (garbage in the padded steps) and over each sequence
    /// alone, and compares outputs at real steps, the last-real-step readout, the parameter
    /// gradients (the batch's is the sum of the sequences') and the input gradients.
    static func expectPaddedEqualsAlone<L: RecurrentLayer>(_ layer: L, using rng: inout RandomSource) {
        let lengths = [4, 1, 3]
        let (input, hidden) = (layer.inputSize, layer.hiddenSize)
        let steps = lengths.max()!
        let seqs = lengths.map { n in (0..<n).map { _ in Matrix.uniform(1, input, -1, 1, using: &rng) } }
        let upstream = lengths.map { n in (0..<n).map { _ in Matrix.uniform(1, hidden, -1, 1, using: &rng) } }
        let batch = PaddedBatch(lengths.map { Array(repeating: 1, count: $0) }, padding: 0)
        // The padded batch: garbage inputs where a sequence has ended, zero upstream gradient there.
        let xs = (0..<steps).map { t in
            Matrix.vstack(lengths.indices.map { b in t < lengths[b] ? seqs[b][t] : Matrix.uniform(1, input, -5, 5, using: &rng) })
        }
        let dhs = (0..<steps).map { t in
            Matrix.vstack(lengths.indices.map { b in t < lengths[b] ? upstream[b][t] : Matrix(rows: 1, cols: hidden) })
        }
        let (hs, _, cache) = layer.forward(xs, initial: layer.zeroState(batch: 3))
        let g = layer.backward(dhs, dFinal: nil, cache: cache)
        let last = batch.lastRealStates(hs)

        var summed = Gradients.zeros(like: layer.parameters)
        for b in lengths.indices {
            let (hsAlone, _, cacheAlone) = layer.forward(seqs[b], initial: layer.zeroState(batch: 1))
            for t in 0..<lengths[b] {
                #expect(S.maxDifference(hs[t].rows(b..<(b + 1)), hsAlone[t]) < 1e-14, "h at step \(t) of sequence \(b)")
            }
            #expect(S.maxDifference(last.rows(b..<(b + 1)), hsAlone[lengths[b] - 1]) < 1e-14)
            let gAlone = layer.backward(upstream[b], dFinal: nil, cache: cacheAlone)
            for k in summed.values.indices { summed.values[k] += gAlone.parameters.values[k] }
            for t in 0..<steps {
                let dx = g.inputs[t].rows(b..<(b + 1))
                if t < lengths[b] {
                    #expect(S.maxDifference(dx, gAlone.inputs[t]) < 1e-13, "dx at step \(t) of sequence \(b)")
                } else {
                    #expect(dx.maxAbs() == 0, "padded step \(t) of sequence \(b) gets no gradient")
                }
            }
        }
        for k in summed.values.indices {
            #expect(S.maxDifference(g.parameters.values[k], summed.values[k]) < 1e-13, "\(layer.parameterNames[k])")
        }
    }

    @Test func rnnOnAPaddedBatchEqualsEachSequenceAlone() {
        var rng = RandomSource(seed: 21)
        Self.expectPaddedEqualsAlone(RNN(inputSize: 3, hiddenSize: 4, using: &rng), using: &rng)
    }

    @Test func lstmOnAPaddedBatchEqualsEachSequenceAlone() {
        var rng = RandomSource(seed: 22)
        Self.expectPaddedEqualsAlone(LSTM(inputSize: 3, hiddenSize: 4, using: &rng), using: &rng)
    }

    @Test func gruOnAPaddedBatchEqualsEachSequenceAlone() {
        var rng = RandomSource(seed: 23)
        Self.expectPaddedEqualsAlone(GRU(inputSize: 3, hiddenSize: 4, using: &rng), using: &rng)
    }
}
