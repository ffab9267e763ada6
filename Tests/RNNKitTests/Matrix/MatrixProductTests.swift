import Testing

@testable import RNNKit

/// The oracle: the matrix product by its definition, (AB)ᵢⱼ = Σₖ AᵢₖBₖⱼ, three plain loops.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    precondition(a.cols == b.rows)
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows {
        for j in 0..<b.cols {
            var s = 0.0
            for k in 0..<a.cols { s += a[i, k] * b[k, j] }
            c[i, j] = s
        }
    }
    return c
}

@Suite struct MatrixProductTests {
    @Test func matmulMatchesTheNaiveProduct() {
        var rng = RandomSource(seed: 1)
        for (m, k, n) in [(1, 1, 1), (3, 4, 5), (7, 2, 9), (17, 33, 8)] {
            let a = Matrix.normal(m, k, using: &rng), b = Matrix.normal(k, n, using: &rng)
            #expect(a.matmul(b).isClose(to: naiveProduct(a, b), tolerance: 1e-12))
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmHandlesEveryTranspose(transposeA: Bool, transposeB: Bool) {
        var rng = RandomSource(seed: 2)
        let (m, k, n) = (5, 3, 4)
        let a = transposeA ? Matrix.normal(k, m, using: &rng) : Matrix.normal(m, k, using: &rng)
        let b = transposeB ? Matrix.normal(n, k, using: &rng) : Matrix.normal(k, n, using: &rng)
        let expected = naiveProduct(transposeA ? a.T : a, transposeB ? b.T : b)
        let got = Matrix.gemm(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(got.rows == m && got.cols == n)
        #expect(got.isClose(to: expected, tolerance: 1e-12))
    }

    @Test func gemmAccumulatesWithAlphaAndBeta() {
        var rng = RandomSource(seed: 3)
        let a = Matrix.normal(4, 6, using: &rng), b = Matrix.normal(5, 6, using: &rng)
        let c0 = Matrix.normal(4, 5, using: &rng)
        var c = c0
        Matrix.gemm(a, b, into: &c, transposeB: true, alpha: 2, beta: 1)  // c = 2 a bᵀ + c
        let expected = naiveProduct(a, b.T) * 2 + c0
        #expect(c.isClose(to: expected, tolerance: 1e-12))
        var d = c0
        Matrix.gemm(a, b, into: &d, transposeB: true, alpha: 1, beta: 0.5)  // d = a bᵀ + 0.5 c0
        #expect(d.isClose(to: naiveProduct(a, b.T) + c0 * 0.5, tolerance: 1e-12))
    }

    @Test func aProductWithAnEmptyInnerDimensionIsZero() {
        let a = Matrix(rows: 2, cols: 0), b = Matrix(rows: 0, cols: 3)
        #expect(a.matmul(b) == Matrix.zeros(2, 3))
    }
}
