/// A tagger over `encoder`, trained on `data` (the next-symbol task by default), and its accuracy
/// on fresh test sequences.
///
/// The tagger's head is drawn from `RandomSource(seed: seed)`, which then draws the training
/// batches: `steps` Adam steps (learning rate 0.01, gradients clipped to norm 1) on batches of
/// `batchSize` new sequences. The accuracy is the share of right labels over every position of
/// `testCount` sequences drawn from `RandomSource(seed: testSeed)`, the same sequences for every
/// tagger.
///
/// - Parameters:
///   - encoder: reads one-hot symbols; its input size is the number of symbols.
///   - labelCount: number of labels (5 for the next-symbol task: four symbols and "end").
public func trainedTagger<E: SequenceEncoder>(
    _ encoder: E, seed: UInt64, data: TaggingData = taggingData, labelCount: Int = 5, steps: Int = 300,
    batchSize: Int = 32, testCount: Int = 500, testSeed: UInt64 = 99
) -> (accuracy: Double, tagger: SequenceTagger<E>) {
    var rng = RandomSource(seed: seed)
    var tagger = SequenceTagger(encoder: encoder, labelCount: labelCount, using: &rng)
    var adam = Adam(learningRate: 0.01)
    for _ in 0..<steps {
        let (xs, labels) = data(batchSize, &rng)
        tagger.trainStep(PaddedBatch(xs, padding: 0), labels: PaddedBatch(labels, padding: 0).steps, optimizer: &adam)
    }
    var testRng = RandomSource(seed: testSeed)
    let (xs, labels) = data(testCount, &testRng)
    let predicted = tagger.predict(PaddedBatch(xs, padding: 0))  // [step][sequence], as the labels below
    let hits = zip(predicted, PaddedBatch(labels, padding: 0).steps).flatMap { zip($0, $1).map { $0 == $1 ? 1.0 : 0.0 } }
    return (mean(hits), tagger)
}

/// The test accuracy alone of `trainedTagger`.
public func trainTagger<E: SequenceEncoder>(
    _ encoder: E, seed: UInt64, data: TaggingData = taggingData, labelCount: Int = 5
) -> Double {
    trainedTagger(encoder, seed: seed, data: data, labelCount: labelCount).accuracy
}
