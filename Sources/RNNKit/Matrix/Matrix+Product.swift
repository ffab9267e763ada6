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
}
