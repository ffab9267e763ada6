// Padded batches given by their lengths alone: the row operations that `PaddedBatch`, the
// encoders (`Unidirectional`, `Bidirectional`) and `Attention` share. A batch is time-major,
// `xs[t]` `(batch × features)`, and row b is real at steps 0 ..< lengths[b], padding after.

/// Many-to-one readout: row b of `hs[lengths[b] − 1]` for every b, each sequence's output at its
/// own last real step. `(batch × features)`.
public func lastRealRows(_ hs: [Matrix], lengths: [Int]) -> Matrix {
    guard let first = hs.first else { fatalError("lastRealRows: no steps") }
    checkLengths(lengths, steps: hs.count, batch: first.rows, "lastRealRows")
    let n = first.cols
    var out = Matrix(rows: first.rows, cols: n)
    for b in lengths.indices {
        let t = lengths[b] - 1
        for j in 0..<n { out.storage[b * n + j] = hs[t].storage[b * n + j] }
    }
    return out
}

/// The backward pass of `lastRealRows`: adds row b of `dLast` `(batch × features)` into row b of
/// `dhs[lengths[b] − 1]`, the only step that row was read from.
public func addToLastRealRows(_ dLast: Matrix, into dhs: inout [Matrix], lengths: [Int]) {
    guard let first = dhs.first, first.shape == dLast.shape else {
        shapeError("addToLastRealRows: dLast \(dLast.shapeDescription), steps \(dhs.first?.shapeDescription ?? "none")")
    }
    checkLengths(lengths, steps: dhs.count, batch: first.rows, "addToLastRealRows")
    let n = dLast.cols
    for b in lengths.indices {
        let t = lengths[b] - 1
        for j in 0..<n { dhs[t].storage[b * n + j] += dLast.storage[b * n + j] }
    }
}

/// Reverses each row's first `lengths[b]` steps and leaves its padding in place: row b of the
/// result at step t is row b of `xs[lengths[b] − 1 − t]` for t < lengths[b], and of `xs[t]` after.
/// Applying it twice gives `xs` back.
public func reverseWithinLengths(_ xs: [Matrix], lengths: [Int]) -> [Matrix] {
    guard let first = xs.first else { return [] }
    checkLengths(lengths, steps: xs.count, batch: first.rows, "reverseWithinLengths")
    var out = xs
    let cols = first.cols
    for b in lengths.indices {
        let n = lengths[b]
        for t in 0..<n {
            let source = xs[n - 1 - t]
            for j in 0..<cols { out[t].storage[b * cols + j] = source.storage[b * cols + j] }
        }
    }
    return out
}

/// `m` with the rows b whose length is at most `step` set to zero (they are padding at that step).
func zeroPadding(_ m: Matrix, lengths: [Int], step: Int) -> Matrix {
    var out = m
    for b in lengths.indices where step >= lengths[b] {
        for j in 0..<m.cols { out[b, j] = 0 }
    }
    return out
}

/// Traps unless every length is in 1 ... steps and there is one per row.
func checkLengths(_ lengths: [Int], steps: Int, batch: Int, _ name: String) {
    guard lengths.count == batch else { shapeError("\(name): \(lengths.count) lengths for a batch of \(batch)") }
    for (b, n) in lengths.enumerated() where n < 1 || n > steps {
        fatalError("\(name): length \(n) of row \(b) outside 1...\(steps)")
    }
}
