internal import CBLAS

// The product on blocks of whole rows, in place, for the kernels of the recurrent layers (and the
// public `Matrix.gemm`, which is its case of all rows).

extension Matrix {
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
