#if canImport(Glibc)
    import Glibc
#endif

// Two numbers that decide whether a recurrence explodes or vanishes, and how to compute them.
//
// - The spectral radius ρ(W) = max |λᵢ|, the largest eigenvalue modulus. Powers Wᵏ grow or
//   shrink like ρᵏ in the long run (Gelfand's formula, ρ = lim ‖Wᵏ‖^{1/k}).
// - The largest singular value σ₁(W) = max ‖Wv‖ / ‖v‖, the spectral norm: the most any single
//   step can stretch a vector. ρ ≤ σ₁, with equality for symmetric (normal) matrices.
//
// Both are computed exactly (to rounding), not estimated: the singular values by one-sided
// Jacobi rotations, the eigenvalues by the shifted QR algorithm on the Hessenberg form. Power
// iteration would be shorter to write, but it converges slowly when the two largest values are
// close, which is the usual case for a random matrix, and it fails for the complex-conjugate
// eigenvalue pairs that real non-symmetric matrices have.

extension Matrix {
    /// All singular values, largest first, by one-sided Jacobi (Hestenes 1958).
    ///
    /// Plane rotations are applied to pairs of columns until every pair is orthogonal; the
    /// singular values are then the column lengths. It works on the matrix itself (never forms
    /// AᵀA), so even small singular values come out to near full relative precision. Cost: a few
    /// sweeps of n²/2 rotations, O(m n²) each; instant for the sizes of this book.
    public func singularValues() -> [Double] {
        // Work on the transpose so that each column of A is a contiguous row.
        var a = rows >= cols ? self.T : self  // (k × m) with k ≤ m: rows are the columns of A or Aᵀ
        let k = a.rows, m = a.cols
        if k == 0 { return [] }
        let scale = a.maxAbs()
        if scale == 0 { return [Double](repeating: 0, count: k) }
        a = a / scale  // keeps squares of huge or tiny entries inside double range
        for _ in 0..<60 {
            var rotated = false
            a.storage.withUnsafeMutableBufferPointer { p in
                for i in 0..<(k - 1) {
                    for j in (i + 1)..<k {
                        var alpha = 0.0, beta = 0.0, gamma = 0.0
                        for r in 0..<m {
                            let x = p[i * m + r], y = p[j * m + r]
                            alpha += x * x
                            beta += y * y
                            gamma += x * y
                        }
                        if gamma == 0 || abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
                        rotated = true
                        // The rotation angle that makes columns i and j orthogonal.
                        let zeta = (beta - alpha) / (2 * gamma)
                        let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                        let c = 1 / (1 + t * t).squareRoot(), s = c * t
                        for r in 0..<m {
                            let x = p[i * m + r], y = p[j * m + r]
                            p[i * m + r] = c * x - s * y
                            p[j * m + r] = s * x + c * y
                        }
                    }
                }
            }
            if !rotated { break }
        }
        let values = (0..<k).map { i in a.rows(i..<(i + 1)).norm() * scale }
        return values.sorted(by: >)
    }

    /// σ₁, the largest singular value: the spectral norm ‖A‖₂ = max ‖Av‖ / ‖v‖.
    ///
    /// Computed as √λ_max(AᵀA) with the eigenvalue routine below, several times faster than
    /// `singularValues()` and as accurate for the *largest* value (squaring loses only the small
    /// ones). The matrix is first divided by its largest entry, so that squaring neither
    /// overflows for an exploding product nor underflows for a vanishing one.
    public func largestSingularValue() -> Double {
        let scale = maxAbs()
        if scale == 0 || count == 0 { return 0 }
        let a = self / scale
        let gram = rows >= cols ? Matrix.gemm(a, a, transposeA: true) : Matrix.gemm(a, a, transposeB: true)  // AᵀA or AAᵀ, the smaller
        let largest = gram.eigenvalues().reduce(0) { Swift.max($0, $1.real) }
        return largest.squareRoot() * scale
    }

    /// The eigenvalues of a square matrix, as (real, imaginary) pairs, by the shifted QR algorithm.
    ///
    /// The matrix is first reduced to upper Hessenberg form by Householder reflections (zeros
    /// below the first subdiagonal, same eigenvalues). Then QR steps with a Wilkinson shift, in
    /// complex arithmetic so that complex-conjugate pairs need no special case, drive the last
    /// subdiagonal entry to zero; its diagonal entry is then an eigenvalue and the problem shrinks
    /// by one. Order: as they deflate (not sorted).
    public func eigenvalues() -> [(real: Double, imaginary: Double)] {
        guard rows == cols else { shapeError("eigenvalues: \(shapeDescription) is not square") }
        let n = rows
        if n == 0 { return [] }
        var h = hessenberg().storage.map { Complex($0, 0) }  // n × n, row-major
        var result: [(real: Double, imaginary: Double)] = []
        let norm = storage.reduce(0) { $0 + abs($1) }
        var hi = n - 1
        var iterations = 0
        while hi >= 0 {
            if hi == 0 {
                result.append((h[0].re, h[0].im))
                break
            }
            // Find the active block lo...hi: the last negligible subdiagonal entry splits it off.
            var lo = hi
            while lo > 0 {
                let sub = h[lo * n + lo - 1].magnitude
                var diag = h[lo * n + lo].magnitude + h[(lo - 1) * n + lo - 1].magnitude
                if diag == 0 { diag = norm }
                if sub <= Double.ulpOfOne * diag {
                    h[lo * n + lo - 1] = Complex(0, 0)
                    break
                }
                lo -= 1
            }
            if lo == hi {  // h[hi][hi-1] is zero: h[hi][hi] is an eigenvalue
                result.append((h[hi * n + hi].re, h[hi * n + hi].im))
                hi -= 1
                iterations = 0
                continue
            }
            iterations += 1
            if iterations > 300 { fatalError("eigenvalues: the QR iteration did not converge") }
            // Wilkinson shift: the eigenvalue of the trailing 2×2 block nearer its last entry.
            let a = h[(hi - 1) * n + hi - 1], b = h[(hi - 1) * n + hi]
            let c = h[hi * n + hi - 1], d = h[hi * n + hi]
            let halfTrace = (a + d) * 0.5
            let root = ((a - d) * (a - d) * 0.25 + b * c).squareRoot()
            let l1 = halfTrace + root, l2 = halfTrace - root
            var mu = (l1 - d).magnitude < (l2 - d).magnitude ? l1 : l2
            if iterations % 11 == 10 {  // an exceptional shift, should the iteration cycle
                mu = d + Complex(0.75, 0.5) * c.magnitude
            }
            // One QR step on the block: H − μI = QR by Givens rotations, then H ← RQ + μI.
            for i in lo...hi { h[i * n + i] = h[i * n + i] - mu }
            var rotations: [(c: Double, s: Complex)] = []
            for k in lo..<hi {
                let x = h[k * n + k], y = h[(k + 1) * n + k]
                let r = (x.magnitude * x.magnitude + y.magnitude * y.magnitude).squareRoot()
                let (cg, sg): (Double, Complex) =
                    r == 0
                    ? (1, Complex(0, 0))
                    : x.magnitude == 0
                        ? (0, Complex(1, 0))
                        : (x.magnitude / r, (x * (1 / x.magnitude)) * y.conjugate * (1 / r))
                rotations.append((cg, sg))
                for j in k...hi {  // rows k, k+1 ← G [row k; row k+1]
                    let u = h[k * n + j], v = h[(k + 1) * n + j]
                    h[k * n + j] = u * cg + sg * v
                    h[(k + 1) * n + j] = v * cg - sg.conjugate * u
                }
            }
            for (offset, g) in rotations.enumerated() {  // columns k, k+1 ← [col k, col k+1] Gᴴ
                let k = lo + offset
                for i in lo...Swift.min(k + 1, hi) {
                    let u = h[i * n + k], v = h[i * n + k + 1]
                    h[i * n + k] = u * g.c + v * g.s.conjugate
                    h[i * n + k + 1] = v * g.c - u * g.s
                }
            }
            for i in lo...hi { h[i * n + i] = h[i * n + i] + mu }
        }
        return result
    }

    /// ρ, the spectral radius: the largest |λ| over the eigenvalues.
    public func spectralRadius() -> Double {
        eigenvalues().reduce(0) { Swift.max($0, ($1.real * $1.real + $1.imaginary * $1.imaginary).squareRoot()) }
    }

    /// This matrix multiplied by the one number that makes its spectral radius `rho`.
    ///
    /// Scaling a matrix by s scales every eigenvalue by s, so W · (ρ / ρ(W)) has spectral radius
    /// exactly ρ: how chapter 3 builds recurrences that sit just below, at and above 1.
    public func scaledToSpectralRadius(_ rho: Double) -> Matrix {
        let current = spectralRadius()
        guard current > 0 else { fatalError("scaledToSpectralRadius: the matrix has spectral radius 0 (nilpotent)") }
        return self * (rho / current)
    }

    /// The upper Hessenberg form Q A Qᵀ (zeros below the first subdiagonal), by Householder
    /// reflections: a similarity, so the eigenvalues are unchanged.
    func hessenberg() -> Matrix {
        var a = self
        let n = rows
        if n < 3 { return a }
        for k in 0..<(n - 2) {
            // The reflection P = I − 2vvᵀ/(vᵀv) that zeros column k below row k+1.
            var v = [Double](repeating: 0, count: n)
            var alpha = 0.0
            for i in (k + 1)..<n { alpha += a[i, k] * a[i, k] }
            alpha = alpha.squareRoot()
            if alpha == 0 { continue }
            if a[k + 1, k] > 0 { alpha = -alpha }
            for i in (k + 1)..<n { v[i] = a[i, k] }
            v[k + 1] -= alpha
            let vv = v.reduce(0) { $0 + $1 * $1 }
            if vv == 0 { continue }
            for j in 0..<n {  // A ← P A
                var dot = 0.0
                for i in (k + 1)..<n { dot += v[i] * a[i, j] }
                let f = 2 * dot / vv
                for i in (k + 1)..<n { a[i, j] -= f * v[i] }
            }
            for i in 0..<n {  // A ← A P
                var dot = 0.0
                for j in (k + 1)..<n { dot += a[i, j] * v[j] }
                let f = 2 * dot / vv
                for j in (k + 1)..<n { a[i, j] -= f * v[j] }
            }
            for i in (k + 2)..<n { a[i, k] = 0 }
        }
        return a
    }
}

/// A complex number, just enough for the eigenvalue iteration.
struct Complex {
    var re: Double
    var im: Double
    init(_ re: Double, _ im: Double) {
        self.re = re
        self.im = im
    }
    var magnitude: Double { (re * re + im * im).squareRoot() }
    var conjugate: Complex { Complex(re, -im) }
    static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    static func * (a: Complex, b: Complex) -> Complex { Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func * (a: Complex, s: Double) -> Complex { Complex(a.re * s, a.im * s) }
    /// The principal square root.
    func squareRoot() -> Complex {
        let m = magnitude
        if m == 0 { return Complex(0, 0) }
        let r = ((m + abs(re)) / 2).squareRoot()
        if re >= 0 { return Complex(r, im / (2 * r)) }
        return Complex(abs(im) / (2 * r), im >= 0 ? r : -r)
    }
}
