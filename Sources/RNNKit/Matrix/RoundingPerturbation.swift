#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// The rounding-perturbation mode: the arithmetic of another machine, simulated on this one.
///
/// A matrix product's entries are sums of k products, and BLAS adds them in an order that depends
/// on the CPU (OpenBLAS picks its kernel per CPU: AVX-512, AVX2, SSE...). Each order rounds
/// differently, so the same program gives results that differ in the last bit or two from one
/// machine to another, and a long training run amplifies that last bit into the second digit of
/// a loss. A number a chapter prints is a fact of the book only if it survives that.
///
/// With `RNNKIT_PERTURB=SEED` in the environment (SEED a positive integer), every matrix product
/// p = alpha · op(a) · op(b) is perturbed entry by entry, the way Monte Carlo arithmetic perturbs
/// each operation, before it is added to beta · c (see `gemm`):
///
///     p ← p · (1 + δ),   δ uniform in [−2u, 2u),   u = 2⁻⁵³ the unit roundoff,
///
/// then rounded to the nearest `Double`, except the entries that are a single nonzero term
/// (`SingleTerms`), which every machine computes alike. About two entries in three move by one
/// unit in the last place (ulp), a few by two; none by more than a relative 3u. That is the size
/// of the difference between two BLAS kernels' sums, and enough for a chaotic training run to go
/// its own way.
///
/// δ is a hash of the seed and of the entry's own bits, not a draw from a stream: the same seed
/// gives the same bits on every run, whatever the number of threads or the order in which they
/// finish, and two seeds give two different "machines". Every product goes through `cblasGEMM`,
/// so that is the one place it is applied.
///
/// The activations of the recurrent kernels (`kernelExp`, `kernelSigmoid`, `kernelTanh`) are not
/// perturbed: they are plain IEEE additions, multiplications and divisions in a fixed order, with
/// no CPU-dependent code path, so they give the same bits on every machine; a perturbed product
/// feeding them already moves their results.
///
/// Off (the variable unset, empty or `0`), the cost is one test of a flag read once per process.
/// The book's tests turn it on for chapter runs only (`Tests/ChapterTests/PerturbationTests.swift`).
enum RoundingPerturbation {
    /// The seed of this process, read from `RNNKIT_PERTURB` once; `nil` when the mode is off.
    static let seed: UInt64? = {
        guard let value = getenv("RNNKIT_PERTURB") else { return nil }
        switch parse(String(cString: value)) {
        case .success(let seed): return seed
        case .failure(let message):
            fputs("error: \(message)\n", stderr)
            exit(2)
        }
    }()

    /// Why a value of `RNNKIT_PERTURB` is not a seed.
    struct InvalidSeed: Error {
        let message: String
    }

    /// The seed a value of `RNNKIT_PERTURB` asks for: `nil` (off) for "" and "0", the number for
    /// a positive integer. Anything else is an error rather than silently off: a mistyped seed
    /// must not let a test pass without perturbing anything.
    static func parse(_ value: String) -> Result<UInt64?, InvalidSeed> {
        if value.isEmpty || value == "0" { return .success(nil) }
        guard let seed = UInt64(value) else {
            return .failure(InvalidSeed(message: "RNNKIT_PERTURB=\(value): the seed must be a positive integer (0 or empty: off)"))
        }
        return .success(seed)
    }

    /// `x · (1 + δ)` with δ in [−2u, 2u) drawn from the seed and x's bits. Zeros (of either sign),
    /// infinities and NaNs are returned as they are.
    static func perturb(_ x: Double, seed: UInt64) -> Double { perturb(x, key: UInt32(truncatingIfNeeded: mix(seed))) }

    /// `perturb(x, seed:)` with the seed already mixed into 32 bits, `key`: straight-line 32-bit
    /// arithmetic and a select, so that a loop over a row vectorizes and stays cheap next to the
    /// product (a product with a short inner dimension costs little more per entry than this).
    ///
    /// The hash: x's two 32-bit halves and the key xored, times an odd constant (Knuth's
    /// multiplicative hash), whose top bits depend on every bit of the word; read as a signed
    /// 32-bit integer r, uniform in [−2³¹, 2³¹), δ = r · 2⁻⁸³ is uniform in [−2⁻⁵², 2⁻⁵²) = [−2u, 2u).
    @inline(__always)
    static func perturb(_ x: Double, key: UInt32) -> Double {
        let bits = x.bitPattern
        let h = (UInt32(truncatingIfNeeded: bits) ^ UInt32(truncatingIfNeeded: bits >> 32) ^ key) &* 0x9E37_79B1
        let delta = Double(Int32(bitPattern: h)) * 0x1p-83
        let y = x + x * delta
        return x.isFinite && x != 0 ? y : x
    }

    /// `c = alpha · op(a) · op(b) + beta · c` (`m × n`, rows `ldc` apart) with the product perturbed:
    /// `product(p, ld)` writes alpha · op(a) · op(b) alone into `p` (rows `ld` apart), which is
    /// perturbed and then added to beta · c.
    ///
    /// Only the product is perturbed, because only the product's sums are what another machine
    /// would round differently: BLAS scales c by beta first and then adds the product's entries,
    /// in that order on every machine, and so does this. It also keeps two ways of computing the
    /// same quantity in agreement, as they are on a real machine: `b + x Wᵀ` accumulated into b
    /// (`beta: 1`) and `x Wᵀ` computed alone and then added to b get the same δ, since x Wᵀ has
    /// the same bits in both.
    ///
    /// `exact`: the rows and columns of the product whose entries are single terms (`singleTerms`),
    /// left alone.
    static func gemm(
        m: Int, n: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, seed: UInt64,
        exact: SingleTerms = SingleTerms(), product: (UnsafeMutablePointer<Double>, Int) -> Void
    ) {
        if beta == 0 {
            product(c, ldc)
            perturb(c, m: m, n: n, ldc: ldc, seed: seed, exact: exact)
            return
        }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: m * n) { buffer in  // on the stack when small
            let p = buffer.baseAddress!
            product(p, n)
            perturb(p, m: m, n: n, ldc: n, seed: seed, exact: exact)
            for i in 0..<m {
                let row = c + i * ldc, productRow = p + i * n
                for j in 0..<n { row[j] = (beta == 1 ? row[j] : beta * row[j]) + productRow[j] }
            }
        }
    }

    /// Perturbs the `m × n` matrix at `c`, whose rows are `ldc` apart (row-major, as `cblasGEMM`
    /// writes it), except the entries in `exact`'s rows and columns.
    static func perturb(_ c: UnsafeMutablePointer<Double>, m: Int, n: Int, ldc: Int, seed: UInt64, exact: SingleTerms = SingleTerms()) {
        let key = UInt32(truncatingIfNeeded: mix(seed))
        let someColumnExact = !exact.columns.isEmpty
        for i in 0..<m where !exact.row(i) {
            let row = c + i * ldc
            if someColumnExact {
                for j in 0..<n where !exact.column(j) { row[j] = perturb(row[j], key: key) }
            } else {
                for j in 0..<n { row[j] = perturb(row[j], key: key) }
            }
        }
    }

    /// The rows of op(a) and the columns of op(b) with at most one nonzero entry. Every entry of
    /// the product in such a row or column is a sum with a single nonzero term: one multiplication,
    /// rounded once, the same on every machine (a one-hot row times an embedding table, an
    /// identity, a selection). Those entries are not perturbed: another CPU would not change them.
    struct SingleTerms {
        var rows: [Bool] = []
        var columns: [Bool] = []
        func row(_ i: Int) -> Bool { i < rows.count && rows[i] }
        func column(_ j: Int) -> Bool { j < columns.count && columns[j] }
    }

    /// `SingleTerms` of op(a) · op(b), `(m × k) · (k × n)`, on row-major storage: a look at every
    /// entry of both operands once, little next to the product's m·n·k multiply-adds.
    static func singleTerms(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int
    ) -> SingleTerms {
        // Entry l of row i of op(a), and entry l of column j of op(b).
        func opA(_ i: Int, _ l: Int) -> Double { transposeA ? a[l * lda + i] : a[i * lda + l] }
        func opB(_ l: Int, _ j: Int) -> Double { transposeB ? b[j * ldb + l] : b[l * ldb + j] }
        // A dense row or column is passed after its first two entries; the flags are stored only
        // when some row or column is a single term (most products have none).
        func atMostOne(_ entry: (Int) -> Double) -> Bool {
            var nonzero = 0
            for l in 0..<k where entry(l) != 0 {
                nonzero += 1
                if nonzero > 1 { return false }
            }
            return true
        }
        func flags(_ count: Int, _ single: (Int) -> Bool) -> [Bool] {
            guard let first = (0..<count).first(where: single) else { return [] }
            return (0..<count).map { $0 >= first && ($0 == first || single($0)) }
        }
        return SingleTerms(rows: flags(m) { i in atMostOne { opA(i, $0) } }, columns: flags(n) { j in atMostOne { opB($0, j) } })
    }

    /// SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijection of 64-bit words whose
    /// output bits each depend on all input bits, so that seeds 1 and 2 give unrelated keys.
    @inline(__always)
    static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
