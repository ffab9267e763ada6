#if canImport(Glibc)
    import Glibc
#endif

/// The softmax of each row of `scores` `(batch × positions)` over its first `lengths[b]` entries,
/// shifted by the row's largest score so that nothing overflows; the other entries get exactly 0.
public func maskedSoftmax(_ scores: Matrix, lengths: [Int]) -> Matrix {
    let n = scores.cols
    checkLengths(lengths, steps: n, batch: scores.rows, "maskedSoftmax")
    var a = Matrix(rows: scores.rows, cols: n)
    for b in 0..<scores.rows {
        let real = 0..<lengths[b]
        var m = -Double.infinity
        for j in real { m = Swift.max(m, scores.storage[b * n + j]) }
        var total = 0.0
        for j in real {
            let x = exp(scores.storage[b * n + j] - m)
            a.storage[b * n + j] = x
            total += x
        }
        for j in real { a.storage[b * n + j] /= total }
    }
    return a
}
