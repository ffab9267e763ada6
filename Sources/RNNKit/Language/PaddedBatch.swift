/// Sequences of different lengths in one batch: padded on the right to the longest, with a mask.
///
/// Three sequences of lengths 3, 1 and 2, padded with `p`:
///
///     step t:         0    1    2
///     sequence 0:     a    b    c        lengths [3, 1, 2]
///     sequence 1:     d    p    p        mask[1] = [1, 0, 1]ᵀ
///     sequence 2:     e    f    p        mask[2] = [1, 0, 0]ᵀ
///
/// Stored **time-major**, as the recurrent layers want their input: `steps[t]` holds step t of
/// every sequence (one token per batch row), so `embedding.forward(batch.steps)` is the list
/// `xs[t]` `(batch × dimension)` that a layer runs over.
///
/// **The library's one convention for batches: time-major, `[step][sequence]`.** Everything
/// indexed by step and sequence is written `x[t][b]`, as the list of `(batch × features)`
/// matrices `xs[t]` that a recurrent layer reads (PyTorch's default `(steps, batch, features)`,
/// `batch_first=False`): `steps` and `masks` here, the targets of `sequenceCrossEntropy` and
/// `CharacterLanguageModel`, the labels and predictions of `SequenceTagger`. Only whole sequences
/// of different lengths, before padding, are lists per sequence, `[b][t]` (what this initializer,
/// `nextTokenBatch` and `EncoderDecoder` take); `PaddedBatch(sequences, padding:).steps` turns
/// the one into the other, labels included.
///
/// Why padding on the right is safe for a recurrent layer: step t only reads steps 0…t, so the
/// real steps of a short sequence never see its padding, and its hidden states there are exactly
/// the ones it would have alone. The padding only changes the states *after* the sequence ended,
/// and two things keep those out: a masked loss (`sequenceCrossEntropy` with `mask`) reads no
/// padded step, so no gradient enters there, and a many-to-one readout takes each sequence's state
/// at its own last real step (`lastRealStates`), not at the batch's last step.
public struct PaddedBatch: Sendable {
    /// `steps[t][b]`: token t of sequence b, or `padding` where sequence b has ended.
    public let steps: [[Int]]
    /// The real length of each sequence, in batch order.
    public let lengths: [Int]
    /// The token used to fill.
    public let padding: Int

    /// Pads `sequences` (each a list of tokens, at least one) to the longest.
    public init(_ sequences: [[Int]], padding: Int) {
        guard !sequences.isEmpty else { fatalError("PaddedBatch: no sequences") }
        for (b, s) in sequences.enumerated() where s.isEmpty { fatalError("PaddedBatch: sequence \(b) is empty") }
        let longest = sequences.map(\.count).max()!
        self.steps = (0..<longest).map { t in sequences.map { t < $0.count ? $0[t] : padding } }
        self.lengths = sequences.map(\.count)
        self.padding = padding
    }

    /// The number of sequences (rows of each step).
    public var batchSize: Int { lengths.count }
    /// The number of steps: the longest length.
    public var stepCount: Int { steps.count }
    /// The number of real (unpadded) tokens.
    public var realCount: Int { lengths.reduce(0, +) }

    /// The mask of step t, `(batch × 1)`: 1 where sequence b has a real token at t, 0 where it is padding.
    public func mask(at t: Int) -> Matrix {
        Matrix(column: lengths.map { t < $0 ? 1 : 0 })
    }

    /// The masks of every step, `steps × (batch × 1)`.
    public var masks: [Matrix] { (0..<stepCount).map(mask(at:)) }

    /// Sequence b as it was given, without padding.
    public func sequence(_ b: Int) -> [Int] { (0..<lengths[b]).map { steps[$0][b] } }

    /// Many-to-one readout: row b is `hs[lengths[b] − 1]` row b, the state of sequence b at its
    /// own last real step. `hs` are a layer's outputs over this batch, `steps × (batch × hidden)`.
    ///
    /// - Returns: `(batch × hidden)`.
    public func lastRealStates(_ hs: [Matrix]) -> Matrix {
        guard hs.count == stepCount, let first = hs.first, first.rows == batchSize else {
            shapeError(
                "PaddedBatch.lastRealStates: \(hs.count) steps of \(hs.first?.shapeDescription ?? "nothing") for \(stepCount) steps × \(batchSize) sequences"
            )
        }
        return lastRealRows(hs, lengths: lengths)
    }

    /// The backward pass of `lastRealStates`: ∂L/∂hs for every step, zero everywhere except row b
    /// of step `lengths[b] − 1`, which receives row b of `dLast` `(batch × hidden)`.
    public func lastRealStatesBackward(_ dLast: Matrix) -> [Matrix] {
        guard dLast.rows == batchSize else {
            shapeError("PaddedBatch.lastRealStatesBackward: \(dLast.shapeDescription) for \(batchSize) sequences")
        }
        var dhs = (0..<stepCount).map { _ in Matrix(rows: batchSize, cols: dLast.cols) }
        addToLastRealRows(dLast, into: &dhs, lengths: lengths)
        return dhs
    }
}
