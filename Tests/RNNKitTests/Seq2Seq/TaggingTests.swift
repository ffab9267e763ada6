import Testing

@testable import RNNKit

@Suite("Next-symbol tagging data and the tagger's trainer")
struct TaggingTests {
    @Test("the labels are the next symbol, then 4; ten symbols from 0...3; the same seed draws the same data")
    func nextSymbolData() {
        var rng = RandomSource(seed: 80), again = RandomSource(seed: 80)
        let (xs, labels) = taggingData(count: 50, using: &rng)
        #expect(xs.count == 50 && xs.allSatisfy { $0.count == 10 && $0.allSatisfy { (0..<4).contains($0) } })
        for (x, l) in zip(xs, labels) { #expect(l == Array(x[1...]) + [4]) }
        #expect(Set(xs.flatMap { $0 }) == [0, 1, 2, 3])
        #expect(taggingData(count: 50, using: &again).xs == xs)
    }

    @Test("the trainer's accuracy is the returned tagger's share of right labels on the test sequences of seed 99")
    func accuracyOfTheReturnedTagger() {
        var rng = RandomSource(seed: 81)
        let encoder = Unidirectional(GRU(inputSize: 4, hiddenSize: 3, using: &rng))
        let (accuracy, tagger) = trainedTagger(encoder, seed: 5, steps: 3, batchSize: 4, testCount: 20)
        var testRng = RandomSource(seed: 99)
        let (xs, labels) = taggingData(count: 20, using: &testRng)
        let predicted = tagger.predict(PaddedBatch(xs, padding: 0))  // [step][sequence]
        var right = 0
        for t in 0..<10 { for b in 0..<20 where predicted[t][b] == labels[b][t] { right += 1 } }
        #expect(accuracy == Double(right) / 200)
        #expect(trainedTagger(encoder, seed: 5, steps: 3, batchSize: 4, testCount: 20).tagger.parameters == tagger.parameters)
    }

    @Test("data with other labels: the trainer reads what `data` draws (a constant label is learned at once)")
    func otherData() {
        var rng = RandomSource(seed: 82)
        let constant: TaggingData = { count, rng in
            let (xs, _) = taggingData(count: count, using: &rng)
            return (xs, xs.map { $0.map { _ in 3 } })
        }
        let encoder = Unidirectional(GRU(inputSize: 4, hiddenSize: 3, using: &rng))
        #expect(trainTagger(encoder, seed: 6, data: constant) == 1)
        #expect(trainTagger(encoder, seed: 6) < 0.6)  // the next symbol, with one direction: about its ceiling 0.325
    }
}
