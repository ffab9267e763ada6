import Testing

@testable import RNNKit

/// The library's threads must not change a single bit of any result: every layer, forward and
/// backward, run on one thread and on several (blocks of batch rows, or each step shared).
@Suite(.serialized) struct ParallelRowsTests {
    /// Runs `body` with the library limited to `threads` threads, then restores the limit.
    static func withThreads<R>(_ threads: Int, _ body: () -> R) -> R {
        let saved = libraryThreads
        libraryThreads = threads
        defer { libraryThreads = saved }
        return body()
    }

    /// Forward and backward of `layer` over `xs` with loss gradients at every step: every output,
    /// every gradient, in one list.
    static func everything<L: RecurrentLayer>(_ layer: L, _ xs: [Matrix], _ dhs: [Matrix]) -> [Matrix] {
        let (hs, _, cache) = layer.forward(xs, initial: layer.zeroState(batch: xs[0].rows))
        let g = layer.backward(dhs, dFinal: nil, cache: cache)
        return hs + g.parameters.values + g.inputs
    }

    static func check<L: RandomlyInitializedRecurrentLayer>(
        _: L.Type, input: Int, hidden: Int, batch: Int, steps: Int, sharesEachStep: Bool
    ) {
        var rng = RandomSource(seed: 41)
        let layer = L(inputSize: input, hiddenSize: hidden, using: &rng)
        let xs = (0..<steps).map { _ in Matrix.normal(batch, input, using: &rng) }
        let dhs = (0..<steps).map { _ in Matrix.normal(batch, hidden, using: &rng) }
        let gates = L.self == LSTM.self ? 4 : L.self == GRU.self ? 3 : 1
        let blocks = withThreads(2) { ParallelRows(batch: batch, steps: steps, stepProduct: batch * gates * hidden * hidden) }
        #expect(blocks.sharesEachStep == sharesEachStep && (sharesEachStep || blocks.blocks.count == 2))
        let alone = withThreads(1) { everything(layer, xs, dhs) }
        let shared = withThreads(2) { everything(layer, xs, dhs) }
        #expect(alone == shared)  // to the last bit
    }

    @Test func batchBlocksGiveTheSameBits() {
        Self.check(RNN.self, input: 3, hidden: 64, batch: 24, steps: 12, sharesEachStep: false)
        Self.check(LSTM.self, input: 3, hidden: 48, batch: 17, steps: 12, sharesEachStep: false)
        Self.check(GRU.self, input: 3, hidden: 64, batch: 16, steps: 12, sharesEachStep: false)
    }

    @Test func sharedStepsGiveTheSameBits() {
        // 16 · 4·512 · 512 = 2²⁴ multiply-adds per step: each step is shared between the threads.
        Self.check(LSTM.self, input: 5, hidden: 512, batch: 16, steps: 2, sharesEachStep: true)
        Self.check(GRU.self, input: 5, hidden: 600, batch: 16, steps: 2, sharesEachStep: true)
    }

    @Test func blocksAreCutAtMultiplesOfEightAndCoverTheRows() {
        for count in [0, 7, 16, 33, 64, 1000] {
            let blocks = ParallelRows(count: count, work: 1 << 30).blocks
            #expect(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == count)
            #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(blocks.dropFirst().allSatisfy { $0.lowerBound % ParallelRows.quantum == 0 })
            #expect(blocks.count == 1 || blocks.allSatisfy { $0.count >= ParallelRows.quantum })
        }
        #expect(ParallelRows(count: 64, work: ParallelRows.minimumWork - 1).blocks == [0..<64])
    }
}
