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

/// How many threads the library may use: `OPENBLAS_NUM_THREADS` when it is set, else the core
/// count, until `setBLASThreads` says otherwise.
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

/// Sets how many threads the library may use (by default all cores): for the recurrences of the
/// RNN, LSTM and GRU and for large matrix products. `setBLASThreads(1)` runs everything on the
/// calling thread. Results are the same whatever the count.
public func setBLASThreads(_ n: Int) {
    libraryThreads = Swift.max(1, n)
}

/// `cblas_dgemm` on row-major storage, shared between threads when it is large: the rows of `c`
/// (or its columns, when it has more columns than rows) are cut into blocks, one product per thread.
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

/// `cblas_dgemm` on row-major storage, on the calling thread.
func cblasGEMM(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    _ = blasSetUp
    cblas_dgemm(
        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}
