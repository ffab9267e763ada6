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
        let blocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * gates * hidden * hidden)
        #expect(blocks.sharesEachStep == sharesEachStep && (sharesEachStep || blocks.blocks.count == 2))
        let alone = withThreads(1) { everything(layer, xs, dhs) }
        for threads in [2, 3] {
            let shared = withThreads(threads) { everything(layer, xs, dhs) }
            #expect(alone == shared, "\(L.self) on \(threads) threads")  // to the last bit
        }
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
            #expect(blocks.count <= ParallelRows.maximumBlocks && blocks.count & (blocks.count - 1) == 0)  // 1, 2, 4 or 8
        }
        #expect(ParallelRows(count: 64, work: ParallelRows.minimumWork - 1).blocks == [0..<64])
        // The benchmarks' recurrences (batch 32 and 64): two blocks; a batch of 256: eight of 32 rows.
        #expect(ParallelRows(batch: 32, steps: 50, stepProduct: 32 * 64 * 64).blocks == [0..<16, 16..<32])
        #expect(ParallelRows(batch: 64, steps: 100, stepProduct: 64 * 768 * 256).blocks == [0..<32, 32..<64])
        #expect(ParallelRows(batch: 256, steps: 10, stepProduct: 256 * 64 * 64).blocks.map(\.count) == Array(repeating: 32, count: 8))
    }

    /// The promise's ground: the cut is a function of the shape alone. Every shape, under every
    /// thread count, gives the same blocks (and the same choice of sharing each step).
    @Test func blocksAreAFunctionOfTheShapeAlone() {
        let products = [(24, 1 << 20), (64, 1 << 30), (3200, 3200 * 4096 * 256), (4096, 64 * 4096 * 1024), (7, 1 << 24), (100, 1000)]
        let recurrences = [(24, 12, 24 * 64 * 64), (17, 12, 17 * 4 * 48 * 48), (32, 50, 32 * 4 * 64 * 64), (64, 2, 1 << 24), (8, 3, 100)]
        let reference = Self.withThreads(1) {
            (
                products.map { ParallelRows(count: $0.0, work: $0.1).blocks },
                recurrences.map { ParallelRows(batch: $0.0, steps: $0.1, stepProduct: $0.2) }
            )
        }
        for threads in [2, 3, 4, 8, 64] {
            Self.withThreads(threads) {
                #expect(products.map { ParallelRows(count: $0.0, work: $0.1).blocks } == reference.0, "\(threads) threads")
                for (shape, expected) in zip(recurrences, reference.1) {
                    let blocks = ParallelRows(batch: shape.0, steps: shape.1, stepProduct: shape.2)
                    #expect(blocks.blocks == expected.blocks && blocks.sharesEachStep == expected.sharesEachStep, "\(threads) threads")
                }
            }
        }
    }

    /// `run` calls its body once for every block, whatever the thread count; on one thread, in order.
    @Test func runVisitsEveryBlockOnce() {
        let rows = ParallelRows(count: 256, work: 1 << 30)
        #expect(rows.blocks.count == 8)
        for threads in [1, 2, 3, 16] {
            let visits = Self.withThreads(threads) { () -> [Int] in
                let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 256)
                counts.initialize(repeating: 0)
                defer { counts.deallocate() }
                rows.run { block in for r in block { counts[r] += 1 } }  // each block's rows, written by one thread
                return Array(counts)
            }
            #expect(visits == Array(repeating: 1, count: 256), "\(threads) threads")
        }
        var order: [Range<Int>] = []
        Self.withThreads(1) { rows.run { order.append($0) } }
        #expect(order == rows.blocks)
    }
}
