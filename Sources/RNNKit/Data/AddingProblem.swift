/// The adding problem (Hochreiter and Schmidhuber 1997), the classic test of long-range memory.
///
/// Each example is a sequence of `length` steps with two features: column 0 a value uniform in
/// [0, 1), column 1 a marker, 0 everywhere except at exactly two steps. The target is the sum of
/// the two marked values. Here, as in Hochreiter's setup, one marker falls uniformly in the first
/// half of the sequence and the other uniformly in the second half, so the model must remember a
/// value for about `length / 2` steps on average, and must ignore everything else.
///
/// A model that has learned nothing predicts the mean target, 1; its mean squared error is the
/// variance of the sum of two independent uniforms, 2 · 1/12 = 1/6 ≈ 0.167. That is the baseline
/// to beat.
///
/// - Parameters:
///   - count: number of sequences (the batch).
///   - length: steps per sequence (at least 2).
///   - rng: the random source.
/// - Returns: `xs[t]` `(count × 2)` for t in 0..<length, and `targets` `(count × 1)`.
public func addingProblem(count: Int, length: Int, using rng: inout RandomSource) -> (xs: [Matrix], targets: Matrix) {
    guard length >= 2 else { fatalError("addingProblem: length \(length) must be at least 2") }
    var xs = [Matrix](repeating: Matrix(rows: count, cols: 2), count: length)
    var targets = Matrix(rows: count, cols: 1)
    let half = length / 2
    for i in 0..<count {
        for t in 0..<length { xs[t][i, 0] = rng.uniform() }
        let first = rng.int(below: half)  // in the first half, 0..<half
        let second = half + rng.int(below: length - half)  // in the second half, half..<length
        xs[first][i, 1] = 1
        xs[second][i, 1] = 1
        targets[i, 0] = xs[first][i, 0] + xs[second][i, 0]
    }
    return (xs, targets)
}
