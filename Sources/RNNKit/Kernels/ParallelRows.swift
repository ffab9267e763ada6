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
/// into blocks, one product per thread.
///
/// BLAS itself always runs on one thread (see `blasGEMM`), so it never competes with these threads,
/// and its idle threads never spin.
///
/// The results do not depend on the cutting: each entry is computed by the same arithmetic in the
/// same order whatever the other rows are. (For BLAS's products this holds when the blocks start
/// at a multiple of 8 rows, which is why the cuts are made there; `ParallelRowsTests` checks that
/// cut and whole runs agree to the last bit.)
struct ParallelRows {
    /// The blocks of rows, in order, covering `0..<count`.
    let blocks: [Range<Int>]

    /// Rows per block at the least, and the multiple at which blocks are cut.
    static let quantum = 8
    /// Below this many multiply-adds in all, one thread does the work: waking another (several
    /// microseconds) would cost more than it saves. 2²⁰ multiply-adds take about 50 µs on one core.
    static let minimumWork = 1 << 20

    /// For a recurrence run as one block: whether each step's work is shared between threads
    /// instead (its product by `blasGEMM`, its elementwise work by `forEachBlock`).
    let sharesEachStep: Bool

    /// Blocks for `count` rows whose work is `work` multiply-adds in all: as many as there are
    /// threads allowed (`setLibraryThreads`, by default the core count), each at least `quantum` rows;
    /// a single block when the work is too small to share.
    init(count: Int, work: Int) {
        let threads = work < Self.minimumWork ? 1 : Swift.max(1, Swift.min(libraryThreads, count / Self.quantum))
        blocks = Self.cut(count, into: threads)
        sharesEachStep = false
    }

    /// A step's product at least this large (multiply-adds) is shared between threads by itself.
    ///
    /// Each thread's product must read the whole weight matrix W_hh (BLAS copies it into its own
    /// packed layout first), however few batch rows it has. With large weights, two threads each
    /// taking half the batch through all the steps each copy all of W_hh at every step; sharing
    /// each step's product by columns instead (half of W_hh per thread) copies half as much, and
    /// the price, the threads meeting twice per step, is small next to a step that long. For the
    /// LSTM of benchmark W3 (hidden 1024: 64·4096·1024 multiply-adds per step) that was the faster
    /// way; for the small nets of W1 and W2, running whole blocks of the batch was.
    static let largeStep = 1 << 24

    /// Blocks for the recurrence of a layer over `steps` steps of `batch` rows, whose product per
    /// step costs `stepProduct` multiply-adds: blocks of batch rows, each run through all the steps
    /// by its own thread; or, for large steps (`largeStep`), one block whose steps are each shared
    /// between threads (`sharesEachStep`); or one block on one thread when there is little work.
    init(batch: Int, steps: Int, stepProduct: Int) {
        if steps * stepProduct < Self.minimumWork || libraryThreads == 1 {
            blocks = [0..<batch]
            sharesEachStep = false
        } else if stepProduct >= Self.largeStep {
            blocks = [0..<batch]
            sharesEachStep = true
        } else {
            blocks = Self.cut(batch, into: Swift.max(1, Swift.min(libraryThreads, batch / Self.quantum)))
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
        let parts = Swift.max(1, Swift.min(libraryThreads, rows.count / Self.quantum))
        let blocks = Self.cut(rows.count, into: parts).map { ($0.lowerBound + rows.lowerBound)..<($0.upperBound + rows.lowerBound) }
        ParallelRows(blocks: blocks).run(body)
    }

    private init(blocks: [Range<Int>]) {
        self.blocks = blocks
        sharesEachStep = false
    }

    /// Runs `body` once for every block, at the same time on different threads when there are
    /// several blocks (the calling thread takes part). The products inside go through `gemm`.
    func run(_ body: (Range<Int>) -> Void) {
        if blocks.count == 1 {
            body(blocks[0])
            return
        }
        // The body writes through raw pointers into disjoint rows, which is safe to share between
        // threads but cannot be seen by the compiler, hence the unchecked wrapper.
        withoutActuallyEscaping(body) { body in
            let shared = SharedBody(body: body)
            let blocks = self.blocks
            DispatchQueue.concurrentPerform(iterations: blocks.count) { shared.body(blocks[$0]) }
        }
    }

    /// `run`'s body, handed to the threads.
    private struct SharedBody: @unchecked Sendable {
        let body: (Range<Int>) -> Void
    }

    /// The matrix product for `run`'s body: `c = alpha · op(a) · op(b) + beta · c` on row-major
    /// storage. With several blocks, each thread's products run on that thread alone; with one
    /// block, a large product may itself be shared between threads (`blasGEMM`).
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
