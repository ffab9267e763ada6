import Testing

@testable import RNNKit

@Suite("SequenceTagger")
struct SequenceTaggerTests {
    @Test("gradient check on a padded batch, unidirectional and bidirectional (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 41)
        let batch = PaddedBatch([[0, 1, 2, 1], [2, 0], [1, 1, 0]], padding: 0)
        // Labels are time-major, [step][sequence], as the batch: padded from the per-sequence lists.
        let labels = PaddedBatch([[1, 0, 1, 1], [0, 0], [1, 0, 1]], padding: 0).steps
        #expect(labels == [[1, 0, 1], [0, 0, 0], [1, 0, 1], [1, 0, 0]])
        func check<E: SequenceEncoder>(_ tagger: SequenceTagger<E>) {
            let (_, g) = tagger.lossAndGradients(batch, labels: labels)
            for (name, error) in GradientCheck.check(
                tagger, analytic: g, epsilon: 1e-5, loss: { $0.lossAndGradients(batch, labels: labels).loss })
            {
                #expect(error < 1e-7, "\(name): \(error)")
            }
            let predicted = tagger.predict(batch)  // [step][sequence], −1 past each sequence's end
            #expect(predicted.count == 4 && predicted.allSatisfy { $0.count == 3 })
            #expect(predicted[2][1] == -1 && predicted[3][1] == -1 && predicted[3][2] == -1)
            #expect(predicted.flatMap { $0 }.filter { $0 >= 0 }.count == batch.realCount)
        }
        check(SequenceTagger(encoder: Unidirectional(GRU(inputSize: 3, hiddenSize: 4, using: &rng)), labelCount: 2, using: &rng))
        check(SequenceTagger(encoder: Bidirectional<LSTM>(inputSize: 3, hiddenSize: 2, using: &rng), labelCount: 2, using: &rng))
    }

    @Test("a padded position's label is never read: changing it changes neither loss nor gradients")
    func paddedLabelsAreIgnored() {
        var rng = RandomSource(seed: 42)
        let tagger = SequenceTagger(encoder: Unidirectional(GRU(inputSize: 3, hiddenSize: 4, using: &rng)), labelCount: 2, using: &rng)
        let batch = PaddedBatch([[0, 1, 2], [2]], padding: 0)
        let a = tagger.lossAndGradients(batch, labels: [[1, 0], [0, 0], [1, 0]])
        let b = tagger.lossAndGradients(batch, labels: [[1, 0], [0, 1], [1, 1]])
        #expect(a.loss == b.loss)
        #expect(zip(a.gradients.values, b.gradients.values).allSatisfy { $0 == $1 })
        #expect(tagger.parameterNames.first == "encoder.weight_ih_l0" && tagger.parameterNames.last == "head.bias")
    }
}
