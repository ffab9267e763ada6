internal import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Rows cut into blocks that run at the same time, one thread per core: the library's only
/// parallelism.
///
/// **Recurrent layers.** The examples of a batch never meet: row b of hₜ depends on row b of xₜ
/// and of hₜ₋₁ only, and the same holds for every gradient of the backward pass until the weight
/// gradients sum over the batch. So the recurrence, the part of the work that must go step by
/// step, runs on separate blocks of batch rows in separate threads from the first step to the
/// last, without ever waiting for one another. Splitting each step's small product between threads
/// instead (what a multi-threaded BLAS does) would synchronize the threads twice per step.
///
/// **Large products.** `blasGEMM` cuts the rows of its result (or, for a short result, its columns)
/// into blocks, one product per block.
///
/// BLAS itself always runs on one thread (see `blasGEMM`), so it never competes with these threads,
/// and its idle threads never spin.
///
/// **Threads never change a bit, by design.** The blocks are a function of the problem's shape
/// alone (its rows and its work), never of the number of threads: one thread runs the same blocks
/// one after another, several threads share them out. So every block's products are the same BLAS
/// calls, with the same shapes on the same data, whatever the thread count, and every entry comes
/// out of the same arithmetic in the same order. (Cutting by the thread count instead, one thread
/// multiplying 24 rows in one call where two threads multiply 8 and 16, gave different bits on
/// AVX-512 CPUs: OpenBLAS's kernel there sums a row differently depending on how many rows the
/// call has.) `ParallelRowsTests` checks that the blocks ignore the thread count and that one and
/// several threads agree to the last bit.
struct ParallelRows {
    /// The blocks of rows, in order, covering `0..<count`.
    let blocks: [Range<Int>]

    /// Rows per block at the least, and the multiple at which blocks are cut.
    static let quantum = 8
    /// Below this many multiply-adds in all, the work is one block: waking another thread (several
    /// microseconds) would cost more than it saves. 2²⁰ multiply-adds take about 50 µs on one core.
    static let minimumWork = 1 << 20
    /// The most blocks: as many threads as the library plans for (a laptop's cores). A machine with
    /// more cores runs at most this many of them on one product or recurrence.
    static let maximumBlocks = 8
    /// Rows per block that the cut aims at when there are enough. Every BLAS call packs the whole
    /// of the operand it does not cut (see `largeStep`), so a call on few rows pays that copy for
    /// little arithmetic: on one thread, a recurrence's step product on two blocks of 16 rows
    /// instead of one of 32 cost 10 to 20 % more, on four blocks of 8 up to 45 % more.
    static let targetRows = 32

    /// For a recurrence run as one block: whether each step's work is shared between threads
    /// instead (its product by `blasGEMM`, its elementwise work by `forEachBlock`).
    let sharesEachStep: Bool

    /// How many blocks `count` rows whose work is `work` multiply-adds are cut into, from the shape
    /// alone: one when the work is too small to share; otherwise `count / targetRows` (at least
    /// two), no more than `maximumBlocks`, each at least `quantum` rows, rounded down to a power of
    /// two so that 2, 4 or 8 threads get equal shares.
    static func blockCount(rows count: Int, work: Int) -> Int {
        guard work >= minimumWork else { return 1 }
        let parts = Swift.min(maximumBlocks, Swift.max(2, count / targetRows), count / quantum)
        guard parts > 1 else { return 1 }
        return 1 << (Int.bitWidth - 1 - parts.leadingZeroBitCount)  // the largest power of two ≤ parts
    }

    /// Blocks for `count` rows whose work is `work` multiply-adds in all (`blockCount`).
    init(count: Int, work: Int) {
        blocks = Self.cut(count, into: Self.blockCount(rows: count, work: work))
        sharesEachStep = false
    }

    /// A step's product at least this large (multiply-adds) is shared between threads by itself.
    ///
    /// Each block's product must read the whole weight matrix W_hh (BLAS copies it into its own
    /// packed layout first), however few batch rows it has. With large weights, two threads each
    /// taking half the batch through all the steps each copy all of W_hh at every step; sharing
    /// each step's product by columns instead (part of W_hh per block) copies it once, and the
    /// price, the threads meeting twice per step, is small next to a step that long. For the
    /// LSTM of benchmark W3 (hidden 1024: 64·4096·1024 multiply-adds per step) that was the faster
    /// way; for the small nets of W1 and W2, running whole blocks of the batch was.
    static let largeStep = 1 << 24

    /// Blocks for the recurrence of a layer over `steps` steps of `batch` rows, whose product per
    /// step costs `stepProduct` multiply-adds: blocks of batch rows (`blockCount`), each run through
    /// all the steps; or, for large steps (`largeStep`), one block whose steps are each shared
    /// between threads (`sharesEachStep`). The shapes alone decide.
    init(batch: Int, steps: Int, stepProduct: Int) {
        if stepProduct >= Self.largeStep {
            blocks = [0..<batch]
            sharesEachStep = true
        } else {
            blocks = Self.cut(batch, into: Self.blockCount(rows: batch, work: steps * stepProduct))
            sharesEachStep = false
        }
    }

    /// `0..<count` cut into `parts` blocks at multiples of the quantum, as evenly as that allows.
    private static func cut(_ count: Int, into parts: Int) -> [Range<Int>] {
        let quanta = count / quantum
        var cuts = [0]
        for s in 1..<parts { cuts.append((quanta * s / parts) * quantum) }
        cuts.append(count)
        return (0..<parts).map { cuts[$0]..<cuts[$0 + 1] }
    }

    /// Runs `body` on `rows` (one of `blocks`): in blocks on several threads when this recurrence
    /// shares each step (`sharesEachStep`), else in one go on the calling thread.
    func forEachBlock(of rows: Range<Int>, _ body: (Range<Int>) -> Void) {
        guard sharesEachStep else {
            body(rows)
            return
        }
        // Elementwise work: no BLAS, so any cut gives the same bits; cut by the shape all the same.
        let parts = Swift.min(Self.maximumBlocks, Swift.max(1, rows.count / Self.quantum))
        let blocks = Self.cut(rows.count, into: parts).map { ($0.lowerBound + rows.lowerBound)..<($0.upperBound + rows.lowerBound) }
        ParallelRows(blocks: blocks).run(body)
    }

    private init(blocks: [Range<Int>]) {
        self.blocks = blocks
        sharesEachStep = false
    }

    /// Runs `body` once for every block: on `libraryThreads` threads at most (the calling thread
    /// takes part), thread w taking blocks w, w + threads, w + 2·threads...; on one thread, all of
    /// them in order. The products inside go through `gemm`.
    func run(_ body: (Range<Int>) -> Void) {
        let threads = Swift.min(libraryThreads, blocks.count)
        if threads <= 1 {
            for block in blocks { body(block) }
            return
        }
        // The body writes through raw pointers into disjoint rows, which is safe to share between
        // threads but cannot be seen by the compiler, hence the unchecked wrapper.
        withoutActuallyEscaping(body) { body in
            let shared = SharedBody(body: body)
            let blocks = self.blocks
            DispatchQueue.concurrentPerform(iterations: threads) { w in
                for i in stride(from: w, to: blocks.count, by: threads) { shared.body(blocks[i]) }
            }
        }
    }

    /// `run`'s body, handed to the threads.
    private struct SharedBody: @unchecked Sendable {
        let body: (Range<Int>) -> Void
    }

    /// The matrix product for `run`'s body: `c = alpha · op(a) · op(b) + beta · c` on row-major
    /// storage. With several blocks, each block's products run on its thread alone; with one
    /// block, a large product may itself be cut into blocks (`blasGEMM`).
    func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if blocks.count == 1 {
            blasGEMM(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            cblasGEMM(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }
}
