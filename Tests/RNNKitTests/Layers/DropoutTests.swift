import Testing

@testable import RNNKit

@Suite("Dropout")
struct DropoutTests {
    @Test("a mask holds 0 or 1/(1−p), drops a fraction p of entries, and keeps the mean (inverted dropout)")
    func maskStatistics() {
        var rng = RandomSource(seed: 3)
        let p = 0.3
        let mask = Dropout(p: p).mask(rows: 400, cols: 250, using: &rng)  // 100 000 entries
        #expect(mask.storage.allSatisfy { $0 == 0 || $0 == 1 / (1 - p) })
        let dropped = Double(mask.storage.filter { $0 == 0 }.count) / Double(mask.count)
        #expect(abs(dropped - p) < 0.005)  // standard deviation √(p(1−p)/n) ≈ 0.0014
        #expect(abs(mask.mean() - 1) < 0.01)  // E[m] = (1 − p)/(1 − p) = 1, so E[x ⊙ m] = x
    }

    @Test("the mask is drawn entry by entry, kept when u ≥ p, from the generator passed in")
    func maskIsReproducible() {
        var a = RandomSource(seed: 42), b = RandomSource(seed: 42)
        let mask = Dropout(p: 0.5).mask(rows: 3, cols: 4, using: &a)
        let expected = (0..<12).map { _ in b.uniform() >= 0.5 ? 2.0 : 0.0 }
        #expect(mask.storage == expected)
    }

    @Test("evaluation and p = 0 are the identity; p = 1 gives zeros")
    func edgeCases() {
        var rng = RandomSource(seed: 4)
        let x = Matrix.uniform(5, 6, -1, 1, using: &rng)
        let before = rng.state
        let (evaluated, noMask) = Dropout(p: 0.5).forward(x, training: false, using: &rng)
        #expect(evaluated == x && noMask == nil && rng.state == before)
        #expect(Dropout(p: 0).forward(x, training: true, using: &rng).output == x)
        let (zeros, mask) = Dropout(p: 1).forward(x, training: true, using: &rng)
        #expect(zeros.storage.allSatisfy { $0 == 0 } && mask != nil)
        #expect(Dropout(p: 0.5).backward(x, mask: nil) == x)
    }

    @Test("gradient check with a fixed mask: dx = dy ⊙ m (relative error < 1e-7)")
    func gradientCheck() {
        var rng = RandomSource(seed: 5)
        let dropout = Dropout(p: 0.4)
        let x = Matrix.uniform(4, 5, -1, 1, using: &rng)
        let (y, mask) = dropout.forward(x, training: true, using: &rng)
        #expect(y == dropout.forward(x, mask: mask!))
        let r = Matrix.uniform(4, 5, -1, 1, using: &rng)
        // A nonlinear loss on top, so dy is not constant: L = Σ r ⊙ tanh(y).
        let loss = { (x: Matrix) in (r * tanh(dropout.forward(x, mask: mask!))).sum() }
        let dy = r * tanhDerivative(fromOutput: tanh(y))
        let dx = dropout.backward(dy, mask: mask)
        #expect(GradientCheck.relativeError(dx, GradientCheck.numericGradient(at: x, loss)) < 1e-7)
    }
}
