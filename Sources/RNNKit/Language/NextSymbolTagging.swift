/// A tagging data set: `count` sequences and their labels, drawn from `rng`.
public typealias TaggingData = (_ count: Int, _ rng: inout RandomSource) -> (xs: [[Int]], labels: [[Int]])

/// The next-symbol tagging task: `count` sequences of 10 symbols drawn uniformly from 0...3, each
/// position labelled with the symbol that follows it, and the last position with 4 ("end").
///
///     xs      2 0 3 3 1 0 0 2 1 3
///     labels  0 3 3 1 0 0 2 1 3 4
///
/// The next symbol is independent of those before it, so a one-directional model can do no
/// better than a guess (1/4) at the first nine positions and is sure only of the last: its
/// ceiling is (9 · 1/4 + 1) / 10 = 0.325. A model that reads ahead (bidirectional, or
/// self-attention) can be right everywhere.
// ANCHOR: tagging-data
public func taggingData(count: Int, using rng: inout RandomSource) -> (xs: [[Int]], labels: [[Int]]) {
    let xs = (0..<count).map { _ in (0..<10).map { _ in rng.int(below: 4) } }
    return (xs, xs.map { Array($0.dropFirst()) + [4] })
}
// ANCHOR_END: tagging-data
