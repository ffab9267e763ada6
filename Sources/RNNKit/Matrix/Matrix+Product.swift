internal import CBLAS

// The matrix product, through BLAS. `Tests/RNNKitTests/Matrix` keeps a naive triple loop as the
// oracle these are checked against.

extension Matrix {
    /// The matrix product `self · b`: `(m × k) · (k × n) -> (m × n)`, by `cblas_dgemm`.
    public func matmul(_ b: Matrix) -> Matrix { Matrix.gemm(self, b) }

    /// `op(a) · op(b)`, where `op` transposes when asked: `gemm(x, w, transposeB: true)` is
    /// `x Wᵀ`, the product of every layer in PyTorch's weight layout, without building `Wᵀ`.
    public static func gemm(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.cols : a.rows
        let n = transposeB ? b.rows : b.cols
        var c = Matrix(rows: m, cols: n)
        gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: 1, beta: 0)
        return c
    }

    /// `c = alpha · op(a) · op(b) + beta · c`, in place. With `beta: 1` it accumulates, which is
    /// how backward passes sum weight gradients over time without temporaries.
    public static func gemm(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1, beta: Double = 0
    ) {
        gemm(a, rows: nil, b, rows: nil, into: &c, rows: nil, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
    }

    /// `gemm` on blocks of rows: `c[cRows] = alpha · op(a[aRows]) · op(b[bRows]) + beta · c[cRows]`,
    /// where `x[rows]` is the block of whole rows `rows` of `x` (`nil`: all of them), used in place.
    ///
    /// The recurrent layers keep all T steps of a quantity in one `(T·batch × n)` matrix, step t
    /// in rows `t·batch ..< (t+1)·batch`. A block of whole rows of a row-major matrix is one
    /// contiguous run of its storage, so BLAS can read it, or write into it, through a pointer to
    /// its first entry: no copy out and back, no temporary per step.
    static func gemm(
        _ a: Matrix, rows aRows: Range<Int>?, _ b: Matrix, rows bRows: Range<Int>?,
        into c: inout Matrix, rows cRows: Range<Int>?,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1, beta: Double = 0
    ) {
        let aR = aRows ?? 0..<a.rows, bR = bRows ?? 0..<b.rows, cR = cRows ?? 0..<c.rows
        guard aR.lowerBound >= 0, aR.upperBound <= a.rows, bR.lowerBound >= 0, bR.upperBound <= b.rows,
            cR.lowerBound >= 0, cR.upperBound <= c.rows
        else {
            shapeError("matmul: rows \(aR) of \(a.shapeDescription), \(bR) of \(b.shapeDescription), into \(cR) of \(c.shapeDescription)")
        }
        let (m, k) = transposeA ? (a.cols, aR.count) : (aR.count, a.cols)
        let (kb, n) = transposeB ? (b.cols, bR.count) : (bR.count, b.cols)
        guard k == kb else {
            let aShape = "(\(aR.count)×\(a.cols))", bShape = "(\(bR.count)×\(b.cols))"
            shapeError("matmul: \(transposeA ? "\(aShape)ᵀ" : aShape) · \(transposeB ? "\(bShape)ᵀ" : bShape)")
        }
        guard cR.count == m && c.cols == n else {
            shapeError("matmul into (\(cR.count)×\(c.cols)): the product is (\(m)×\(n))")
        }
        if m == 0 || n == 0 { return }
        c.storage.withUnsafeMutableBufferPointer { pc in
            let cStart = pc.baseAddress! + cR.lowerBound * n
            if k == 0 {  // an empty sum: only the beta · c part remains
                for i in 0..<(m * n) { cStart[i] = beta == 0 ? 0 : beta * cStart[i] }
                return
            }
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    blasGEMM(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa.baseAddress! + aR.lowerBound * a.cols, lda: a.cols,
                        b: pb.baseAddress! + bR.lowerBound * b.cols, ldb: b.cols,
                        beta: beta, c: cStart, ldc: n)
                }
            }
        }
    }
}

// MARK: - Threads

/// How many threads a product of `m·n·k` multiply-adds gets: one below `blasThreadingThreshold`,
/// else `blasThreadLimit` (all cores unless `setBLASThreads` said otherwise).
///
/// Two threads pay only when there is enough work to split: waking the second thread and
/// splitting the matrices costs a few microseconds, more than a small product takes. OpenBLAS's
/// own rule goes parallel from m·n·k = 262 144, far too early on this hardware: the per-step
/// products of a small recurrent net (W1, 32×256×64 = 524 288) ran slower on two threads than
/// on one. Measured with `make bench` (see Sources/bench) on a 2-core AMD EPYC; the figure is
/// where two threads start to win for the shapes of a recurrent layer.
let blasThreadingThreshold = 4_000_000

/// OpenBLAS's thread count before the library changes it: the core count, or `OPENBLAS_NUM_THREADS`.
/// (A global `let` is initialized on first use, which is in `blasGEMM` before it sets any count.)
let blasDefaultThreads = Int(openblas_get_num_threads())

/// The most threads a product may use, when `setBLASThreads` has set it; else `blasDefaultThreads`.
///
/// A plain global, as OpenBLAS's own thread count is: calling the library's products from several
/// threads at once is not supported (OpenBLAS's threaded build would share its workers).
nonisolated(unsafe) var blasThreadLimit: Int? = nil
/// The count last passed to OpenBLAS, so that it is set only when it changes.
nonisolated(unsafe) private var blasThreadsInUse = 0

/// Sets how many threads OpenBLAS may use for a large product. Small products (a recurrent step
/// of a small net) always run on one thread, which is fastest for them; large ones use up to `n`.
public func setBLASThreads(_ n: Int) {
    blasThreadLimit = Swift.max(1, n)
}

/// `cblas_dgemm` on row-major storage, with the thread count chosen for the size of the product.
func blasGEMM(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    _ = allocatorKeepsLargeBlocks  // see MemoryPolicy.swift
    let limit = blasThreadLimit ?? blasDefaultThreads  // read before the first openblas_set_num_threads
    let threads = m * n * k < blasThreadingThreshold ? 1 : limit
    if threads != blasThreadsInUse {
        openblas_set_num_threads(Int32(threads))
        blasThreadsInUse = threads
    }
    cblas_dgemm(
        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}
