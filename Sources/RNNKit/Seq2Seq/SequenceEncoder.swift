/// What an encoder of a sequence-to-sequence model does: read a padded batch of input sequences
/// and hand on one output per position (what attention reads) and one summary per sequence (the
/// decoder's initial state).
///
/// `Unidirectional` (one recurrent layer, first step to last) and `Bidirectional` (two layers, both
/// ways) are encoders.
public protocol SequenceEncoder: Parameterized {
    /// What `forward` keeps for `backward`.
    associatedtype Cache

    /// Features per step of the input.
    var inputSize: Int { get }
    /// Features per step of the output and of the summary.
    var outputSize: Int { get }

    /// Reads `xs` (each `(batch × input)`), row b over its first `lengths[b]` steps (all if `nil`).
    ///
    /// - Returns: `hs[t]` `(batch × output)`, zero at padded positions; `last` `(batch × output)`,
    ///   the summary of each sequence; the cache.
    func forward(_ xs: [Matrix], lengths: [Int]?) -> (hs: [Matrix], last: Matrix, cache: Cache)

    /// Backpropagation from ∂L/∂hs[t] and ∂L/∂last (or `nil`).
    ///
    /// - Returns: gradients in `parameters` order and ∂L/∂xs[t].
    func backward(_ dhs: [Matrix], dLast: Matrix?, cache: Cache) -> (parameters: Gradients, inputs: [Matrix])
}

extension Bidirectional: SequenceEncoder {}
