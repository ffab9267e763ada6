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
/// then rounded to the nearest `Double`. About two entries in three move by one unit in the last
/// place (ulp), a few by two; none by more than a relative 3u. That is the size of the difference
/// between two BLAS kernels' sums, and enough for a chaotic training run to go its own way.
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

    /// 2u = 2⁻⁵², the half-width of δ's interval.
    static let width = 0x1p-52

    /// `x · (1 + δ)` with δ in [−2u, 2u) drawn from the seed and x's bits. Zeros (of either sign),
    /// infinities and NaNs are returned as they are.
    @inline(__always)
    static func perturb(_ x: Double, seed: UInt64) -> Double {
        guard x.isFinite && x != 0 else { return x }
        let h = mix(x.bitPattern ^ mix(seed))
        // The top 53 bits of the hash as a uniform r in [0, 1), then δ = (2r − 1) · 2u.
        let r = Double(h >> 11) * 0x1p-53
        return x + x * ((2 * r - 1) * width)
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
    static func gemm(
        m: Int, n: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, seed: UInt64,
        product: (UnsafeMutablePointer<Double>, Int) -> Void
    ) {
        if beta == 0 {
            product(c, ldc)
            perturb(c, m: m, n: n, ldc: ldc, seed: seed)
            return
        }
        let p = UnsafeMutablePointer<Double>.allocate(capacity: m * n)
        defer { p.deallocate() }
        product(p, n)
        perturb(p, m: m, n: n, ldc: n, seed: seed)
        for i in 0..<m {
            let row = c + i * ldc, productRow = p + i * n
            for j in 0..<n { row[j] = (beta == 1 ? row[j] : beta * row[j]) + productRow[j] }
        }
    }

    /// Perturbs the `m × n` matrix at `c`, whose rows are `ldc` apart (row-major, as `cblasGEMM`
    /// writes it).
    static func perturb(_ c: UnsafeMutablePointer<Double>, m: Int, n: Int, ldc: Int, seed: UInt64) {
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = perturb(row[j], seed: seed) }
        }
    }

    /// SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijection of 64-bit words whose
    /// output bits each depend on all input bits, so neighbouring values get unrelated δ.
    @inline(__always)
    static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
