internal import CBLAS

/// How many threads the library may use: `OPENBLAS_NUM_THREADS` when it is set, else the core
/// count, until `setLibraryThreads` says otherwise.
///
/// A plain global, as OpenBLAS's own thread count is: calling the library's products from several
/// threads at once is not supported.
nonisolated(unsafe) var libraryThreads: Int = blasSetUp

/// Done once, by the first product: reads OpenBLAS's thread count (the core count, or
/// `OPENBLAS_NUM_THREADS`) as the library's default, then makes OpenBLAS itself single-threaded,
/// and keeps large memory blocks in the process (`MemoryPolicy.swift`).
///
/// The library shares work between threads itself (`ParallelRows`): the recurrences by blocks of
/// batch rows, large products by blocks of rows of their result. OpenBLAS's own threads would get
/// in the way: after every threaded product they keep spinning for a while, waiting for the next
/// one, on the very cores the library's threads need.
let blasSetUp: Int = {
    let threads = Int(openblas_get_num_threads())
    openblas_set_num_threads(1)
    _ = allocatorKeepsLargeBlocks
    return threads
}()

/// Sets how many threads the library itself may use (by default all cores): for the recurrences
/// of the RNN, LSTM and GRU and for large matrix products. `setLibraryThreads(1)` runs everything
/// on the calling thread. Results are the same, bit for bit, whatever the count. (OpenBLAS itself
/// always runs on one thread: the library cuts the work between its own threads.)
public func setLibraryThreads(_ n: Int) {
    libraryThreads = Swift.max(1, n)
}

/// `cblas_dgemm` on row-major storage, shared between threads when it is large: the rows of `c`
/// (or its columns, when it has more columns than rows) are cut into blocks decided by the shape
/// alone (`ParallelRows`), one product per block, so the thread count never changes a bit.
func blasGEMM(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    // Each thread reads the whole of the operand it does not cut (BLAS copies it into a packed
    // layout first), so cut the longer side of c: the other operand is then the smaller one.
    if m >= n {
        // Rows i of c come from rows i of op(a): rows of a, or columns of a when it is transposed.
        ParallelRows(count: m, work: m * n * k).run { rows in
            cblasGEMM(
                transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k, alpha: alpha,
                a: a + rows.lowerBound * (transposeA ? 1 : lda), lda: lda, b: b, ldb: ldb,
                beta: beta, c: c + rows.lowerBound * ldc, ldc: ldc)
        }
    } else {
        // Columns j of c come from columns j of op(b): columns of b, or rows of b when it is transposed.
        ParallelRows(count: n, work: m * n * k).run { columns in
            cblasGEMM(
                transposeA: transposeA, transposeB: transposeB, m: m, n: columns.count, k: k, alpha: alpha,
                a: a, lda: lda, b: b + columns.lowerBound * (transposeB ? ldb : 1), ldb: ldb,
                beta: beta, c: c + columns.lowerBound, ldc: ldc)
        }
    }
}

/// `cblas_dgemm` on row-major storage, on the calling thread; every product of the library ends
/// here. Under `RNNKIT_PERTURB` the product's part of the result is perturbed in its last bits
/// (`RoundingPerturbation`).
func cblasGEMM(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    _ = blasSetUp
    guard let seed = RoundingPerturbation.seed else {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        return
    }
    let exact = RoundingPerturbation.singleTerms(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb)
    RoundingPerturbation.gemm(m: m, n: n, beta: beta, c: c, ldc: ldc, seed: seed, exact: exact) { product, ldp in
        // alpha · op(a) · op(b) alone (beta 0) into `product`, whose rows are `ldp` apart.
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), 0, product, Int32(ldp))
    }
}
