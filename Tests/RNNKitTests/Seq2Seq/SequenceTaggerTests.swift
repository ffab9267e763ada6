import Testing

@testable import RNNKit

@Suite("SequenceTagger")
struct SequenceTaggerTests {
    @Test("gradient check on a padded batch, unidirectional and bidirectional (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 41)
        let sequences = [[0, 1, 2, 1], [2, 0], [1, 1, 0]]
        let labels = [[1, 0, 1, 1], [0, 0], [1, 0, 1]]
        func check<E: SequenceEncoder>(_ tagger: SequenceTagger<E>) {
            let (_, g) = tagger.lossAndGradients(sequences, labels: labels)
            for (name, error) in GradientCheck.check(
                tagger, analytic: g, epsilon: 1e-5, loss: { $0.lossAndGradients(sequences, labels: labels).loss })
            {
                #expect(error < 1e-7, "\(name): \(error)")
            }
            #expect(tagger.predict(sequences).map(\.count) == [4, 2, 3])
        }
        check(SequenceTagger(encoder: Unidirectional(GRU(inputSize: 3, hiddenSize: 4, using: &rng)), labelCount: 2, using: &rng))
        check(SequenceTagger(encoder: Bidirectional<LSTM>(inputSize: 3, hiddenSize: 2, using: &rng), labelCount: 2, using: &rng))
    }
}
