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
        let (m, k) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
        let (kb, n) = transposeB ? (b.cols, b.rows) : (b.rows, b.cols)
        guard k == kb else {
            shapeError(
                "matmul: \(transposeA ? "\(a.shapeDescription)ᵀ" : a.shapeDescription) · \(transposeB ? "\(b.shapeDescription)ᵀ" : b.shapeDescription)"
            )
        }
        guard c.rows == m && c.cols == n else {
            shapeError("matmul into \(c.shapeDescription): the product is (\(m)×\(n))")
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta != 1 { c = c * beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress, Int32(a.cols), pb.baseAddress, Int32(b.cols),
                        beta, pc.baseAddress, Int32(n))
                }
            }
        }
    }
}

/// Sets how many threads OpenBLAS may use. Small products (a recurrent step of a small net) run
/// fastest on one thread; large ones gain from every core.
public func setBLASThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
