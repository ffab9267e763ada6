/// One-hot rows: row b is all zeros except a 1 in column `indices[b]`.
///
///     oneHot([2, 0], classes: 3) = [[0, 0, 1],
///                                   [1, 0, 0]]
///
/// It is the textbook way to feed a token to a network, and the slow one: a one-hot row times a
/// matrix W picks out one row of W, `oneHot(i) · W = W[i]`, which is what `Embedding` does
/// without building the zeros.
///
/// - Returns: `(indices.count × classes)`. Traps, naming the index, if one is outside `0..<classes`.
public func oneHot(_ indices: [Int], classes: Int) -> Matrix {
    var m = Matrix(rows: indices.count, cols: classes)
    for (b, i) in indices.enumerated() {
        guard i >= 0 && i < classes else { fatalError("oneHot: index \(i) of row \(b) is not in 0..<\(classes)") }
        m[b, i] = 1
    }
    return m
}
