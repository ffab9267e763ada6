import Testing

@testable import RNNKit

/// The product on blocks of rows that the recurrent layers use to read and write one time step of
/// a stacked `(T·batch × n)` matrix in place, and large products shared between threads.
@Suite struct MatrixRowBlockProductTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func rowBlocksAreUsedInPlace(transposeA: Bool, transposeB: Bool) {
        var rng = RandomSource(seed: 21)
        let (m, k, n) = (3, 4, 5)
        // a, b and c are taller than the product needs; the blocks start at rows 2, 1 and 3.
        let aRows = transposeA ? 2..<(2 + k) : 2..<(2 + m), bRows = transposeB ? 1..<(1 + n) : 1..<(1 + k)
        let a = Matrix.normal(aRows.upperBound + 2, transposeA ? m : k, using: &rng)
        let b = Matrix.normal(bRows.upperBound + 1, transposeB ? k : n, using: &rng)
        let c0 = Matrix.normal(m + 5, n, using: &rng)
        var c = c0
        Matrix.gemm(a, rows: aRows, b, rows: bRows, into: &c, rows: 3..<(3 + m), transposeA: transposeA, transposeB: transposeB, beta: 1)
        let aBlock = a.rows(aRows), bBlock = b.rows(bRows)
        let product = naiveProduct(transposeA ? aBlock.T : aBlock, transposeB ? bBlock.T : bBlock)
        #expect(c.rows(3..<(3 + m)).isClose(to: c0.rows(3..<(3 + m)) + product, tolerance: 1e-12))
        // The rows outside the block are untouched.
        #expect(c.rows(0..<3) == c0.rows(0..<3) && c.rows((3 + m)..<(m + 5)) == c0.rows((3 + m)..<(m + 5)))
    }

    @Test func anEmptySumLeavesBetaTimesC() {
        let a = Matrix(rows: 2, cols: 0), b = Matrix(rows: 0, cols: 3)
        var c = Matrix(rows: 2, cols: 3, repeating: 4)
        Matrix.gemm(a, b, into: &c, beta: 0.5)
        #expect(c == Matrix(rows: 2, cols: 3, repeating: 2))
        Matrix.gemm(a, b, into: &c, beta: 0)
        #expect(c == Matrix.zeros(2, 3))
    }

    /// A large product is cut into blocks by its shape (`ParallelRows`), and the thread count only
    /// says how many threads share them: one, two or three threads give the same bits. (The cut
    /// product need not equal one `cblas_dgemm` call on the whole: on AVX-512 CPUs OpenBLAS sums a
    /// row differently depending on the call's shape, which is why the cut ignores the threads.)
    @Test func largeProductsGiveTheSameBitsOnAnyThreadCount() {
        var rng = RandomSource(seed: 22)
        // Tall (cut by rows), short and wide (cut by columns), and transposed operands.
        for (m, k, n, ta, tb) in [(200, 150, 120, false, false), (8, 300, 900, false, true), (300, 200, 64, true, false)] {
            let a = ta ? Matrix.normal(k, m, using: &rng) : Matrix.normal(m, k, using: &rng)
            let b = tb ? Matrix.normal(n, k, using: &rng) : Matrix.normal(k, n, using: &rng)
            #expect(m * n * k >= ParallelRows.minimumWork)
            #expect(ParallelRows(count: max(m, n), work: m * n * k).blocks.count > 1)  // it is cut
            let alone = ParallelRowsTests.withThreads(1) { Matrix.gemm(a, b, transposeA: ta, transposeB: tb) }
            for threads in [2, 3] {
                let shared = ParallelRowsTests.withThreads(threads) { Matrix.gemm(a, b, transposeA: ta, transposeB: tb) }
                #expect(shared == alone, "\(m)×\(n) on \(threads) threads")  // to the last bit
            }
            #expect(alone.isClose(to: naiveProduct(ta ? a.T : a, tb ? b.T : b), tolerance: 1e-12))
        }
    }
}
