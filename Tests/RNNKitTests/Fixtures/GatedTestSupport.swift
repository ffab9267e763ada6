@testable import RNNKit

/// Helpers shared by the LSTM, GRU, Stacked, Dropout and MLP tests (in a namespace, so that they
/// cannot clash with other test files' helpers).
enum GatedTestSupport {
    /// The loss the reference fixtures use, linear in the outputs: Σ_t Σ coefficients[t] ⊙ hs[t].
    /// Its gradient with respect to hs[t] is coefficients[t], which is what `backward` is fed.
    static func linearLoss(_ hs: [Matrix], _ coefficients: [Matrix]) -> Double {
        zip(hs, coefficients).reduce(0) { $0 + ($1.0 * $1.1).sum() }
    }

    /// Σ a ⊙ b.
    static func dot(_ a: Matrix, _ b: Matrix) -> Double { (a * b).sum() }

    /// The largest |a − b| over all entries (same shapes required).
    static func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
        guard a.shape == b.shape else { return .infinity }
        return zip(a.storage, b.storage).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// The largest |a − b| over lists of matrices (same counts and shapes required).
    static func maxDifference(_ a: [Matrix], _ b: [Matrix]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).reduce(0) { max($0, maxDifference($1.0, $1.1)) }
    }

    /// A list of `count` matrices `(rows × cols)` with entries uniform in ±scale.
    static func randomSequence(_ count: Int, _ rows: Int, _ cols: Int, scale: Double = 1, using rng: inout RandomSource) -> [Matrix] {
        (0..<count).map { _ in Matrix.uniform(rows, cols, -scale, scale, using: &rng) }
    }
}
