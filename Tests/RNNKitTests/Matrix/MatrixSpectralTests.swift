import Testing

@testable import RNNKit

@Suite struct MatrixSpectralTests {
    // A = [[0.5, -1.2, 0.3], [0.9, 0.1, -0.4], [-0.2, 0.7, 0.6]]. NumPy 2.4:
    // eigvals = 0.28821311 ± 1.1779172i and 0.62357379, so ρ = 1.212664720105172;
    // svd singular values = 1.5206895946060268, 0.9787180859123275, 0.616128286288714.
    let a = Matrix([[0.5, -1.2, 0.3], [0.9, 0.1, -0.4], [-0.2, 0.7, 0.6]])

    @Test func spectralRadiusMatchesNumPy() {
        #expect(abs(a.spectralRadius() - 1.212664720105172) < 1e-13)
        let values = a.eigenvalues().sorted { $0.real < $1.real }
        #expect(abs(values[0].real - 0.28821311) < 1e-8 && abs(abs(values[0].imaginary) - 1.1779172) < 1e-7)
        #expect(abs(values[0].imaginary + values[1].imaginary) < 1e-13)  // a conjugate pair
        #expect(abs(values[2].real - 0.62357379) < 1e-8 && abs(values[2].imaginary) < 1e-13)
    }

    @Test func singularValuesMatchNumPy() {
        let expected = [1.5206895946060268, 0.9787180859123275, 0.616128286288714]
        for (got, want) in zip(a.singularValues(), expected) { #expect(abs(got - want) < 1e-13) }
        // A wide matrix, B = [[2,1,0,3],[1,-1,4,0],[0,2,1,1]], and its transpose.
        let b = Matrix([[2, 1, 0, 3], [1, -1, 4, 0], [0, 2, 1, 1]])
        let expectedB = [4.384820171821026, 3.9125033546113137, 1.8616308874066925]
        for (got, want) in zip(b.singularValues(), expectedB) { #expect(abs(got - want) < 1e-13) }
        for (got, want) in zip(b.T.singularValues(), expectedB) { #expect(abs(got - want) < 1e-13) }
        #expect(abs(b.largestSingularValue() - 4.384820171821026) < 1e-13)
    }

    @Test func eigenvaluesOfKnownMatrices() {
        // A rotation by 90°: eigenvalues ±i, spectral radius 1, yet every step keeps lengths.
        let rotation = Matrix([[0, -1], [1, 0]])
        #expect(abs(rotation.spectralRadius() - 1) < 1e-15)
        // A triangular matrix: its eigenvalues are its diagonal.
        let triangular = Matrix([[3, 7, -2], [0, -5, 1], [0, 0, 0.5]])
        let diagonal = triangular.eigenvalues().map(\.real).sorted()
        #expect(zip(diagonal, [-5, 0.5, 3]).allSatisfy { abs($0 - $1) < 1e-13 })
        // ρ ≤ σ₁, with equality for a symmetric matrix.
        let s = Matrix([[2, 1, 0], [1, 3, -1], [0, -1, 1]])
        #expect(abs(s.spectralRadius() - s.largestSingularValue()) < 1e-12)
    }

    @Test func hardCasesForTheQRIteration() {
        // A cyclic shift: its eigenvalues are the 6 sixth roots of unity, all of modulus 1, the
        // textbook case where an unshifted QR iteration makes no progress at all.
        var cycle = Matrix.zeros(6, 6)
        for i in 0..<6 { cycle[(i + 1) % 6, i] = 1 }
        let values = cycle.eigenvalues()
        #expect(values.count == 6)
        #expect(values.allSatisfy { abs(($0.real * $0.real + $0.imaginary * $0.imaginary).squareRoot() - 1) < 1e-12 })
        #expect(abs(values.reduce(0.0) { $0 + $1.real }) < 1e-12)  // the trace is 0
        // Zero, 1×1, identity and a Jordan block (a defective matrix: one eigenvalue, twice).
        #expect(Matrix.zeros(3, 3).spectralRadius() == 0 && Matrix.zeros(3, 3).largestSingularValue() == 0)
        #expect(Matrix([[-2.5]]).spectralRadius() == 2.5)
        #expect(abs(Matrix.identity(5).spectralRadius() - 1) < 1e-15)
        #expect(abs(Matrix([[0.9, 1], [0, 0.9]]).spectralRadius() - 0.9) < 1e-7)  // defective: √ε accuracy
        // σ₁ of a matrix with huge or tiny entries: the scaling keeps the squares in range.
        let big = Matrix([[1e200, 0], [0, 3e199]]), tiny = Matrix([[1e-200, 0], [0, 3e-201]])
        #expect(abs(big.largestSingularValue() / 1e200 - 1) < 1e-15)
        #expect(abs(tiny.largestSingularValue() / 1e-200 - 1) < 1e-15)
    }

    @Test func scalingSetsTheSpectralRadiusOfARandomMatrix() {
        var rng = RandomSource(seed: 7)
        let w = Matrix.normal(40, 40, using: &rng)
        for rho in [0.9, 1.0, 1.1] {
            let scaled = w.scaledToSpectralRadius(rho)
            #expect(abs(scaled.spectralRadius() - rho) < 1e-12)
            #expect(scaled.largestSingularValue() >= rho)  // σ₁ ≥ ρ always
        }
        // The eigenvalues' sum is the trace and their product's modulus |det|: check the sum.
        let trace = (0..<40).reduce(0.0) { $0 + w[$1, $1] }
        let sum = w.eigenvalues().reduce(0.0) { $0 + $1.real }
        #expect(abs(sum - trace) < 1e-10)
    }
}
