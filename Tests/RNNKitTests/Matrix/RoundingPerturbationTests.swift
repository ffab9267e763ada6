import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

/// The rounding-perturbation mode (`RNNKIT_PERTURB`): off unless asked for, and when on, a move of
/// the last bits only, the same for the same seed.
@Suite struct RoundingPerturbationTests {
    /// A product as BLAS computes it, and the same product perturbed with `seed`.
    static func product(perturbedWith seed: UInt64) -> (exact: Matrix, perturbed: Matrix) {
        var rng = RandomSource(seed: 5)
        let a = Matrix.normal(40, 100, using: &rng), b = Matrix.normal(100, 30, using: &rng)
        let c = Matrix.gemm(a, b)
        var p = c
        p.storage.withUnsafeMutableBufferPointer { RoundingPerturbation.perturb($0.baseAddress!, m: 40, n: 30, ldc: 30, seed: seed) }
        return (c, p)
    }

    /// How many units in the last place `y` is from `x` (both finite, same sign).
    static func ulps(_ x: Double, _ y: Double) -> Int64 {
        abs(Int64(bitPattern: x.bitPattern) - Int64(bitPattern: y.bitPattern))
    }

    @Test(.enabled(if: getenv("RNNKIT_PERTURB") == nil)) func isOffUnlessTheEnvironmentAsks() {
        #expect(RoundingPerturbation.seed == nil)  // so `cblasGEMM` leaves every product as BLAS wrote it
    }

    @Test func parsesTheSeed() throws {
        #expect(try RoundingPerturbation.parse("").get() == nil)
        #expect(try RoundingPerturbation.parse("0").get() == nil)
        #expect(try RoundingPerturbation.parse("1").get() == 1)
        #expect(try RoundingPerturbation.parse("2026").get() == 2026)
        for bad in ["x", "-1", "1.5", " 1", "yes"] {
            #expect(throws: RoundingPerturbation.InvalidSeed.self) { try RoundingPerturbation.parse(bad).get() }
        }
    }

    @Test func movesTheLastBitsOnly() {
        let (c, p) = Self.product(perturbedWith: 1)
        let u = 0x1p-53
        var moved = 0, movedTwo = 0
        for (x, y) in zip(c.storage, p.storage) {
            #expect(abs(y - x) <= 3 * u * abs(x))  // δ ≤ 2u, then the rounding of the sum: ≤ u
            let d = Self.ulps(x, y)
            #expect(d <= 2)
            if d > 0 { moved += 1 }
            if d == 2 { movedTwo += 1 }
        }
        // About two entries in three move (the doc comment's claim), a few of them by two ulp.
        let n = Double(c.storage.count)
        #expect(Double(moved) > 0.55 * n && Double(moved) < 0.75 * n)
        #expect(movedTwo > 0 && Double(movedTwo) < 0.1 * n)
    }

    @Test func theSameSeedGivesTheSameBitsAndAnotherSeedOthers() {
        let one = Self.product(perturbedWith: 1).perturbed
        #expect(one == Self.product(perturbedWith: 1).perturbed)  // to the last bit
        let two = Self.product(perturbedWith: 2).perturbed
        let differ = zip(one.storage, two.storage).filter { $0 != $1 }.count
        #expect(differ > one.storage.count / 2)
    }

    @Test func perturbsTheProductBeforeItIsAddedToBetaC() {
        var rng = RandomSource(seed: 6)
        let a = Matrix.normal(9, 20, using: &rng), b = Matrix.normal(20, 11, using: &rng)
        let c0 = Matrix.normal(9, 11, using: &rng)
        var product = Matrix.gemm(a, b)
        product.storage.withUnsafeMutableBufferPointer { RoundingPerturbation.perturb($0.baseAddress!, m: 9, n: 11, ldc: 11, seed: 3) }
        for beta in [0.0, 1.0, -0.5] {
            var c = c0
            c.storage.withUnsafeMutableBufferPointer { pc in
                RoundingPerturbation.gemm(m: 9, n: 11, beta: beta, c: pc.baseAddress!, ldc: 11, seed: 3) { p, ldp in
                    a.storage.withUnsafeBufferPointer { pa in
                        b.storage.withUnsafeBufferPointer { pb in
                            cblasGEMM(
                                transposeA: false, transposeB: false, m: 9, n: 11, k: 20, alpha: 1, a: pa.baseAddress!, lda: 20,
                                b: pb.baseAddress!, ldb: 11, beta: 0, c: p, ldc: ldp)
                        }
                    }
                }
            }
            // beta · c first, then the perturbed product added, as BLAS orders it: the same bits.
            let expected = zip(c0.storage, product.storage).map { (beta == 0 ? 0 : beta == 1 ? $0 : beta * $0) + $1 }
            #expect(c.storage == expected)
        }
    }

    /// A one-hot row times a table is a single multiplication per entry, the same on every CPU:
    /// not perturbed. A row with two nonzero entries is a rounded sum: perturbed.
    @Test func leavesSingleTermProductsAlone() {
        var rng = RandomSource(seed: 8)
        let table = Matrix.normal(6, 5, using: &rng)  // (V × d)
        let oneHot = Matrix([[0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 2], [0, 1, 0, 1, 0, 0]])  // rows 0, 1 single terms; row 2 not
        var c = Matrix(rows: 3, cols: 5)
        oneHot.storage.withUnsafeBufferPointer { pa in
            table.storage.withUnsafeBufferPointer { pb in
                let exact = RoundingPerturbation.singleTerms(
                    transposeA: false, transposeB: false, m: 3, n: 5, k: 6, a: pa.baseAddress!, lda: 6, b: pb.baseAddress!, ldb: 5)
                #expect(exact.rows == [true, true, false] && exact.columns.isEmpty)  // empty: no column is a single term
                c.storage.withUnsafeMutableBufferPointer { pc in
                    RoundingPerturbation.gemm(m: 3, n: 5, beta: 0, c: pc.baseAddress!, ldc: 5, seed: 1, exact: exact) { p, ldp in
                        cblasGEMM(
                            transposeA: false, transposeB: false, m: 3, n: 5, k: 6, alpha: 1, a: pa.baseAddress!, lda: 6,
                            b: pb.baseAddress!, ldb: 5, beta: 0, c: p, ldc: ldp)
                    }
                }
            }
        }
        #expect(c.row(0) == table.row(2) && c.row(1) == table.row(5).map { 2 * $0 })  // to the last bit
        let sums = zip(table.row(1), table.row(3)).map { $0 + $1 }
        #expect(c.row(2) != sums && zip(c.row(2), sums).allSatisfy { abs($0 - $1) <= 0x1p-51 * abs($1) })
        // Transposed operands: columns of op(b) = rows of b with one nonzero entry (an identity).
        let identity = Matrix.identity(4), x = Matrix.normal(3, 4, using: &rng)
        identity.storage.withUnsafeBufferPointer { pb in
            x.storage.withUnsafeBufferPointer { pa in
                let exact = RoundingPerturbation.singleTerms(
                    transposeA: false, transposeB: true, m: 3, n: 4, k: 4, a: pa.baseAddress!, lda: 4, b: pb.baseAddress!, ldb: 4)
                #expect(exact.columns == [true, true, true, true] && exact.rows.isEmpty)
            }
        }
    }

    @Test func leavesZerosInfinitiesAndNaNsAlone() {
        for x in [0.0, -0.0, .infinity, -.infinity] {
            #expect(RoundingPerturbation.perturb(x, seed: 1).bitPattern == x.bitPattern)
        }
        #expect(RoundingPerturbation.perturb(.nan, seed: 1).isNaN)
        // The smallest subnormal: a relative 2u of it is nothing, so it stays.
        #expect(RoundingPerturbation.perturb(.leastNonzeroMagnitude, seed: 1) == .leastNonzeroMagnitude)
    }
}
