/// Token sequences of different lengths as a padded batch of one-hot vectors, step by step.
///
///     xs[t] row b = the one-hot vector of sequences[b][t]     for t < lengths[b]
///     xs[t] row b = 0                                         for t ≥ lengths[b] (padding)
///
/// A one-hot vector into a recurrent layer selects one column of its input weight W_ih: the
/// layer's first product *is* an embedding lookup, with the embedding table learned inside W_ih.
/// Padding is the zero vector, which selects nothing.
///
/// - Returns: `xs`, `max(lengths)` matrices `(batch × vocabularySize)`, and each row's length.
public func oneHotBatch(_ sequences: [[Int]], vocabularySize: Int) -> (xs: [Matrix], lengths: [Int]) {
    let lengths = sequences.map(\.count)
    guard let steps = lengths.max(), steps > 0, !lengths.contains(0) else {
        fatalError("oneHotBatch: needs sequences of at least one token, got lengths \(lengths)")
    }
    var xs = [Matrix](repeating: Matrix(rows: sequences.count, cols: vocabularySize), count: steps)
    for (b, sequence) in sequences.enumerated() {
        for (t, token) in sequence.enumerated() {
            guard token >= 0 && token < vocabularySize else {
                fatalError("oneHotBatch: token \(token) at step \(t) of row \(b) outside 0..<\(vocabularySize)")
            }
            xs[t][b, token] = 1
        }
    }
    return (xs, lengths)
}
