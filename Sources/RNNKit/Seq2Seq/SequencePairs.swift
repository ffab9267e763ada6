/// Input sequences and their target sequences, as token lists: the training set or the test set
/// of a sequence-to-sequence task, and the measures of a model's outputs on it.
///
/// Each target ends with the end token (`CharacterVocabulary.encode(_:end: true)`); its other
/// tokens are the *characters* the measures count, position by position. The measures are the
/// ones a reader of the outputs cares about:
///
///     exact match           1 when the whole output, end token included, is the target, else 0
///     per character         the share of the target's characters that the output has at their place
///     after a first mistake the accuracy of the characters that follow an output's first wrong one
///
/// Every measure is returned per example (or per example and position), so that it can be
/// averaged (`mean`), binned by input length (`meanByLength`) or compared between two models on
/// the same examples.
public struct SequencePairs: Sendable {
    /// The input token lists.
    public let sources: [[Int]]
    /// The target token lists, each ending with the end token.
    public let targets: [[Int]]

    /// Pairs `sources[i]` → `targets[i]`; the two lists must be equally long.
    public init(sources: [[Int]], targets: [[Int]]) {
        guard sources.count == targets.count else {
            shapeError("SequencePairs: \(sources.count) sources and \(targets.count) targets")
        }
        self.sources = sources
        self.targets = targets
    }

    /// Number of pairs.
    public var count: Int { sources.count }

    /// The pairs' indices cut into batches of `size` whose inputs have similar lengths, the
    /// batches in a random order: the indices sorted by (input length, index), cut in order into
    /// chunks of `size` (the last may be smaller), the chunks permuted by `rng`. A batch of
    /// similar lengths needs little padding.
    public func lengthBatches(size: Int, using rng: inout RandomSource) -> [[Int]] {
        guard size > 0 else { shapeError("SequencePairs.lengthBatches: batch size \(size)") }
        let order = sources.indices.sorted { (sources[$0].count, $0) < (sources[$1].count, $1) }
        let chunks = stride(from: 0, to: order.count, by: size).map {
            Array(order[$0..<min($0 + size, order.count)])
        }
        return rng.permutation(chunks.count).map { chunks[$0] }
    }

    // MARK: - Measures of outputs

    /// Exact match and per-character accuracy of `outputs` (one per pair, in order), per example.
    public func scores(_ outputs: [Decoded]) -> (exact: [Double], characters: [Double]) {
        checkCount(outputs.count, "scores")
        var exact: [Double] = [], characters: [Double] = []
        for (o, t) in zip(outputs, targets) {
            exact.append(o.tokens == t ? 1 : 0)
            let n = t.count - 1  // the characters: every token but the end token
            let right = (0..<n).filter { $0 < o.tokens.count && o.tokens[$0] == t[$0] }.count
            characters.append(n > 0 ? Double(right) / Double(n) : exact.last!)  // no characters: the end token alone
        }
        return (exact, characters)
    }

    /// Whether each character of each free-running output (greedy decoding, say) is right:
    /// `[example][position]`. A position past the output's end is wrong.
    public func freeRunningCorrect(_ outputs: [Decoded]) -> [[Bool]] {
        checkCount(outputs.count, "freeRunningCorrect")
        return zip(outputs, targets).map { o, t in (0..<(t.count - 1)).map { $0 < o.tokens.count && o.tokens[$0] == t[$0] } }
    }

    /// Whether each character is right when every step of the decoder reads the *correct*
    /// prefix (teacher forcing): the most probable token at each step, against the target's,
    /// `[example][position]`. All pairs run as one batch.
    public func teacherForcedCorrect<E: SequenceEncoder>(_ model: EncoderDecoder<E>) -> [[Bool]] {
        let logits = model.teacherForcedLogits(sources: sources, targets: targets)
        let predicted = logits.map { $0.argmaxPerRow() }  // predicted[t][b]
        return targets.indices.map { b in (0..<(targets[b].count - 1)).map { predicted[$0][b] == targets[b][$0] } }
    }

    /// The mean of `values` (one per pair) over the pairs whose input length lies in each of
    /// `bins`, in the order of the bins; 0 for a bin that holds no pair.
    public func meanByLength(_ values: [Double], bins: [ClosedRange<Int>]) -> [Double] {
        checkCount(values.count, "meanByLength")
        return bins.map { bin in mean(sources.indices.filter { bin.contains(sources[$0].count) }.map { values[$0] }) }
    }

    private func checkCount(_ n: Int, _ name: String) {
        if n != count { shapeError("SequencePairs.\(name): \(n) values for \(count) pairs") }
    }
}

/// The accuracy over the positions that follow each example's first free-running mistake.
///
/// `free` says where each free-running output is right (`SequencePairs.freeRunningCorrect`);
/// `correct` says the same of the outputs to be measured, on the same examples (the free-running
/// ones again, or the teacher-forced ones). For each example with a mistake at position k in
/// `free`, the positions k + 1, k + 2, … of `correct` are counted; examples without a mistake
/// count nothing. Compared with teacher forcing, it measures what a first mistake of the
/// decoder's own costs the characters after it (exposure bias). 0 when no example has a mistake.
public func afterFirstMistake(_ correct: [[Bool]], free: [[Bool]]) -> Double {
    guard correct.count == free.count else {
        shapeError("afterFirstMistake: \(correct.count) examples measured, \(free.count) free-running")
    }
    var after: [Double] = []
    for (c, f) in zip(correct, free) {
        guard let first = f.firstIndex(of: false) else { continue }
        for k in (first + 1)..<c.count { after.append(c[k] ? 1 : 0) }
    }
    return mean(after)
}

/// The mean of a list of numbers, summed in order; 0 for an empty list (an empty bin, no
/// mistake to count after), where a division would give not-a-number.
public func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }
