import Testing

@testable import RNNKit

@Suite("SequencePairs: batches by length and the measures of outputs")
struct SequencePairsTests {
    // Two targets ending with the end token 2: the characters are [3, 4, 5] and [5, 6].
    static let pairs = SequencePairs(sources: [[7, 8], [9]], targets: [[3, 4, 5, 2], [5, 6, 2]])

    static func decoded(_ tokens: [Int]) -> Decoded { Decoded(tokens: tokens, logProbability: 0) }

    @Test("scores by hand: exact match needs every token and the end; a missing position counts as wrong")
    func scoresByHand() {
        let s = Self.pairs.scores([Self.decoded([3, 4, 5, 2]), Self.decoded([5, 2])])
        #expect(s.exact == [1, 0])
        #expect(s.characters == [1, 0.5])  // row 1: 5 right, then the end token where 6 should be
        let t = Self.pairs.scores([Self.decoded([3, 9, 5, 2, 2]), Self.decoded([])])
        #expect(t.exact == [0, 0] && t.characters == [2.0 / 3, 0])
        let empty = SequencePairs(sources: [[1], [1]], targets: [[2], [2]])  // targets with no character
        #expect(empty.scores([Self.decoded([2]), Self.decoded([3, 2])]).characters == [1, 0])
    }

    @Test("free-running correctness per position, [example][position], the end token not counted")
    func freeRunning() {
        let c = Self.pairs.freeRunningCorrect([Self.decoded([3, 0, 5, 2]), Self.decoded([5])])
        #expect(c == [[true, false, true], [true, false]])
    }

    @Test("after the first mistake, by hand: the later positions of each example with a mistake, 4 of 5 right")
    func afterFirstMistakeByHand() {
        let free = [[true, false, false, false], [true, true, true, true], [false, false, false, false]]
        let correct = [[true, false, true, true], [false, false, false, false], [false, true, false, true]]
        // example 0: positions 2, 3 (both right); example 1: no mistake, nothing; example 2: positions 1, 2, 3
        #expect(afterFirstMistake(correct, free: free) == 0.8)
        #expect(afterFirstMistake(free, free: free) == 0)  // free running is wrong after its own mistake here
        #expect(afterFirstMistake([[true, true]], free: [[true, true]]) == 0)  // no mistake: nothing to count
    }

    @Test("mean by input length: each bin's mean over the pairs whose source length it holds, 0 for an empty bin")
    func meanByLength() {
        let pairs = SequencePairs(sources: [[1, 1], [1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1]], targets: [[2], [2], [2], [2]])
        let means = pairs.meanByLength([1, 0.5, 0.25, 0], bins: [1...2, 3...4, 5...9, 10...12])
        #expect(means == [1, 0.25, 0.25, 0])
        #expect(mean([]) == 0 && mean([1, 2, 4]) == 7.0 / 3)
    }

    @Test("length batches: sorted by (length, index), cut into chunks of the size, the chunks in the rng's order")
    func lengthBatches() {
        let pairs = SequencePairs(sources: [[1, 1, 1], [1], [1, 1], [1], [1, 1, 1]], targets: Array(repeating: [2], count: 5))
        let chunks = [[1, 3], [2, 0], [4]]
        var rng = RandomSource(seed: 5), same = RandomSource(seed: 5)
        let batches = pairs.lengthBatches(size: 2, using: &rng)
        #expect(batches == same.permutation(3).map { chunks[$0] })
        #expect(Set(batches) == Set(chunks))
        var other = RandomSource(seed: 6)
        let orders = (0..<8).map { _ in pairs.lengthBatches(size: 2, using: &other) }
        #expect(Set(orders).count > 1)  // the order is random, the chunks are not
    }

    @Test("teacher-forced correctness: all right when the targets are the model's own greedy outputs, wrong where a target is changed")
    func teacherForcedOnGreedyOutputs() {
        var rng = RandomSource(seed: 60)
        let model = EncoderDecoder(
            encoder: Unidirectional(GRU(inputSize: 7, hiddenSize: 5, using: &rng)), outputVocabularySize: 6, attention: true,
            using: &rng)
        let sources = [[3, 4, 5, 6], [4, 3], [6, 6, 5]]
        let greedy = model.greedy(sources: sources, maxLength: 5).outputs
        let own = SequencePairs(sources: sources, targets: greedy.map(\.tokens))
        // Greedy decoding takes the most probable token given its own prefix: with that prefix as
        // the teacher's, every step's most probable token is the target's.
        let correct = own.teacherForcedCorrect(model)
        #expect(correct.map(\.count) == greedy.map { $0.tokens.count - 1 })
        #expect(correct.allSatisfy { $0.allSatisfy { $0 } })
        #expect(own.scores(greedy).exact == [1, 1, 1])
        var changed = greedy.map(\.tokens)
        changed[0][1] = (changed[0][1] + 1) % 6
        let wrong = SequencePairs(sources: sources, targets: changed).teacherForcedCorrect(model)
        #expect(wrong[0][0] && !wrong[0][1] && wrong[1] == correct[1] && wrong[2] == correct[2])
    }

    @Test("sources and targets of different counts trap, naming both counts")
    func countMismatchTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SequencePairs(sources: [[1], [2]], targets: [[2]])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("SequencePairs: 2 sources and 1 targets"))
    }

    @Test("percent: a fraction as a whole percentage, rounded half away from zero")
    func percentText() {
        #expect(percent(0.847) == "85%" && percent(0.125) == "13%" && percent(1) == "100%" && percent(0) == "0%")
    }
}
