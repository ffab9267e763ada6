import Testing

@testable import RNNKit

@Suite("Run: a training run of an encoder-decoder")
struct RunTests {
    static let data = SequencePairs(
        sources: [[3, 4, 5, 6], [4, 3], [6, 6, 5], [5], [3, 3, 4]], targets: [[3, 4, 2], [5, 2], [4, 4, 3, 2], [3, 2], [5, 5, 2]])

    static func model() -> EncoderDecoder<Unidirectional<GRU>> {
        var rng = RandomSource(seed: 70)
        return EncoderDecoder(
            encoder: Unidirectional(GRU(inputSize: 7, hiddenSize: 5, using: &rng)), outputVocabularySize: 6, attention: true,
            using: &rng)
    }

    @Test("a run's steps are the hand-written loop's: length batches from its seed, Adam 0.01, clipped to norm 1")
    func sameAsTheLoop() {
        var run = Run(Self.model(), on: Self.data, seed: 2)
        run.batchSize = 2
        run.train(steps: 4)  // one pass of 3 batches, then the first batch of a new pass
        var model = Self.model(), rng = RandomSource(seed: 2), adam = Adam(learningRate: 0.01)
        var losses: [Double] = []
        for pass in 0..<2 {
            for batch in Self.data.lengthBatches(size: 2, using: &rng).prefix(pass == 0 ? 3 : 1) {
                losses.append(
                    model.trainStep(
                        sources: batch.map { Self.data.sources[$0] }, targets: batch.map { Self.data.targets[$0] },
                        optimizer: &adam))
            }
        }
        #expect(run.losses == losses)
        #expect(run.model.parameters == model.parameters)
        #expect(run.queue.count == 2)  // the new pass has two batches left
    }

    @Test("continued in two calls or one, the same; a copy continues from the same point")
    func continuedAndCopied() {
        var once = Run(Self.model(), on: Self.data, seed: 3), twice = once
        once.train(steps: 5)
        twice.train(steps: 2)
        var copy = twice
        twice.train(steps: 3)
        copy.train(steps: 3)
        #expect(once.losses == twice.losses && once.model.parameters == twice.model.parameters)
        #expect(copy.losses == twice.losses && copy.model.parameters == twice.model.parameters)
        #expect(once.losses.count == 5)
    }

    @Test("scheduled sampling at ε = 0 takes the teacher-forced step (the same first loss); at ε = 1, another")
    func scheduledSampling() {
        var plain = Run(Self.model(), on: Self.data, seed: 4), zero = plain, one = plain
        plain.train(steps: 1)
        zero.train(steps: 1) { _ in 0 }
        one.train(steps: 1) { _ in 1 }
        #expect(zero.losses == plain.losses && zero.model.parameters == plain.model.parameters)
        var twoSteps = Run(Self.model(), on: Self.data, seed: 4)
        twoSteps.train(steps: 2) { _ in 1 }
        #expect(twoSteps.losses[0] == one.losses[0])  // the first step's loss is computed before any update
        #expect(twoSteps.losses[1] != plain.losses[0])
    }
}
