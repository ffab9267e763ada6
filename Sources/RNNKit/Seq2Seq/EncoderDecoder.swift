/// A sequence-to-sequence model: an encoder reads the input tokens, a decoder writes the output
/// tokens one at a time.
///
///     hs, last = encoder(one-hot input tokens)       hs: one output per input position
///     s_{-1}   = last                                 the bridge: the encoder's summary starts the decoder
///     z_t      = decoder(token_{t-1}, s_{t-1}; hs)    scores of output token t (reads hs only with attention)
///
/// Without attention, `last` is the only path from input to output: everything the decoder
/// writes must pass through one vector of `decoder.hiddenSize` numbers. With attention, the
/// decoder also reads every encoder output at every step.
///
/// Training uses teacher forcing: the decoder's inputs are `start` and then the correct output
/// tokens, and the loss is the cross-entropy of every step's scores against the correct token,
/// averaged over the real steps of the batch (`sequenceCrossEntropy` with the targets' masks, so
/// outputs of different lengths can share a batch). Decoding (`greedy`, `beamSearch`) feeds the
/// decoder its own choices.
///
/// Tokens are integers, as a `CharacterVocabulary` numbers them (padding 0, start 1, end 2 by
/// default): input tokens in `0..<encoder.inputSize`, output tokens in `0..<decoder.vocabularySize`.
/// Batches are `PaddedBatch`es, and tokens enter as one-hot vectors (`oneHot`). A one-hot vector
/// times the first layer's input weight W_ih picks one column of it: W_ih holds the embedding
/// table (the `Embedding` layer is the same lookup with a table of its own).
public struct EncoderDecoder<Encoder: SequenceEncoder>: Parameterized {
    /// The encoder.
    public var encoder: Encoder
    /// The decoder; its hidden size is the encoder's output size.
    public var decoder: Decoder
    /// The output token that starts every output (the decoder's first input).
    public let start: Int
    /// The output token that ends an output.
    public let end: Int
    /// The token that pads input and output sequences to a batch's longest.
    public let padding: Int

    /// A model over `encoder` with a decoder drawn with PyTorch's initialization.
    ///
    /// - Parameters:
    ///   - encoder: reads one-hot input tokens, `encoder.inputSize` of them.
    ///   - outputVocabularySize: number of output tokens (start and end included).
    ///   - start, end, padding: the start, end and padding tokens (`CharacterVocabulary`'s by default).
    ///   - attention: whether the decoder attends over the encoder's outputs.
    ///   - score: the attention's score (Luong's general, bilinear score by default).
    public init(
        encoder: Encoder, outputVocabularySize: Int, start: Int = CharacterVocabulary.startIndex,
        end: Int = CharacterVocabulary.endIndex, padding: Int = CharacterVocabulary.padIndex, attention: Bool,
        score: Attention.Score = .general, using rng: inout RandomSource
    ) {
        self.encoder = encoder
        decoder = Decoder(
            inputSize: outputVocabularySize, hiddenSize: encoder.outputSize, vocabularySize: outputVocabularySize,
            keySize: attention ? encoder.outputSize : nil, score: score, using: &rng)
        self.start = start
        self.end = end
        self.padding = padding
    }

    /// The encoder's parameters, then the decoder's.
    public var parameters: [Matrix] {
        get { encoder.parameters + decoder.parameters }
        set {
            let n = encoder.parameters.count
            encoder.parameters = Array(newValue[..<n])
            decoder.parameters = Array(newValue[n...])
        }
    }

    /// `encoder.…` then `decoder.…`.
    public var parameterNames: [String] {
        encoder.parameterNames.map { "encoder." + $0 } + decoder.parameterNames.map { "decoder." + $0 }
    }

    // MARK: - Teacher forcing

    /// The input tokens as a padded batch of one-hot vectors: `(batch × inputSize)` per step, and the batch.
    func encoderInputs(_ sources: [[Int]]) -> (xs: [Matrix], batch: PaddedBatch) {
        let batch = PaddedBatch(sources, padding: padding)
        return (batch.steps.map { oneHot($0, classes: encoder.inputSize) }, batch)
    }

    /// The decoder's teacher-forced inputs, one-hot: `start`, then every target token but the last.
    func teacherInputs(_ targets: [[Int]]) -> [Matrix] {
        decoderInputs(targets.map { [start] + $0.dropLast() })
    }

    /// Decoder input tokens (one list per example, `start` first) as a padded batch of one-hot vectors.
    func decoderInputs(_ tokens: [[Int]]) -> [Matrix] {
        PaddedBatch(tokens, padding: padding).steps.map { oneHot($0, classes: decoder.inputSize) }
    }

    /// The scores of every output step under teacher forcing, `(batch × vocabulary)` per step.
    public func teacherForcedLogits(sources: [[Int]], targets: [[Int]]) -> [Matrix] {
        let (xs, batch) = encoderInputs(sources)
        let (hs, last, _) = encoder.forward(xs, lengths: batch.lengths)
        return decoder.forward(teacherInputs(targets), initial: last, keys: hs, lengths: batch.lengths).logits
    }

    /// The mean cross-entropy over every real output step, under teacher forcing, and its
    /// gradient with respect to every parameter (in `parameters` order).
    public func lossAndGradients(sources: [[Int]], targets: [[Int]]) -> (loss: Double, gradients: Gradients) {
        lossAndGradients(sources: sources, targets: targets, inputs: targets.map { [start] + $0.dropLast() })
    }

    /// The same loss and gradients with the decoder reading `inputs` (one token list per example,
    /// as long as its target, `start` first) instead of the correct previous tokens. The inputs
    /// are constants here: no gradient flows through how they were chosen (scheduled sampling).
    public func lossAndGradients(sources: [[Int]], targets: [[Int]], inputs: [[Int]]) -> (loss: Double, gradients: Gradients) {
        let (xs, batch) = encoderInputs(sources)  // T_in × (batch × V_in)
        let (hs, last, encoderCache) = encoder.forward(xs, lengths: batch.lengths)  // hs: T_in × (batch × H), last: (batch × H)
        let (logits, _, decoderCache) = decoder.forward(decoderInputs(inputs), initial: last, keys: hs, lengths: batch.lengths)
        let wanted = PaddedBatch(targets, padding: padding)  // T_out steps, masked where an output has ended
        let (loss, dLogits, _) = sequenceCrossEntropy(logits: logits, targets: wanted.steps, mask: wanted.masks)
        let dDecoder = decoder.backward(dLogits, cache: decoderCache)  // through the decoder
        // Into the encoder: through attention into hs (if any), and through the bridge into last.
        let dhs = dDecoder.keys.isEmpty ? hs.map { Matrix(rows: $0.rows, cols: $0.cols) } : dDecoder.keys
        let dEncoder = encoder.backward(dhs, dLast: dDecoder.initial, cache: encoderCache)
        return (loss, dEncoder.parameters + dDecoder.parameters)
    }

    /// One step of training: loss and gradients, clipping to `maxGradientNorm`, an optimizer step.
    /// Returns the loss before the step.
    @discardableResult
    public mutating func trainStep(sources: [[Int]], targets: [[Int]], optimizer: inout Adam, maxGradientNorm: Double = 1) -> Double {
        var (loss, g) = lossAndGradients(sources: sources, targets: targets)
        requireFinite(loss, step: optimizer.stepCount)
        clipGradientsByNorm(&g, maxNorm: maxGradientNorm)
        optimizer.step(&parameters, g)
        return loss
    }

    /// log p(target | source) = Σ_t log p(target_t | target_<t, source), the end token included.
    public func logProbability(source: [Int], target: [Int]) -> Double {
        let logits = teacherForcedLogits(sources: [source], targets: [target])
        return zip(logits, target).reduce(0) { $0 + logSoftmax($1.0)[0, $1.1] }
    }

    // MARK: - Decoding

    /// The decoder as a step function for one input: its initial state and
    /// (state, last token) → (log-probabilities of the next token, new state).
    public func decoderStep(source: [Int]) -> (initial: Matrix, step: DecoderStep<Matrix>) {
        let (xs, batch) = encoderInputs([source])
        let (hs, last, _) = encoder.forward(xs, lengths: batch.lengths)
        let decoder = self.decoder, vocabulary = decoder.inputSize
        let keys = decoder.attention?.prepare(hs)  // once for every step of the search
        let step: DecoderStep<Matrix> = { state, token in
            let x = oneHot([token], classes: vocabulary)  // the last token
            let (z, s, _) = decoder.step(x, state: state, prepared: keys)
            return (logSoftmax(z).row(0), s)
        }
        return (last, step)
    }

    /// Beam search of width `width` for one input (see `beamSearch`).
    public func beamSearch(source: [Int], width: Int, maxLength: Int) -> Decoded {
        let (initial, step) = decoderStep(source: source)
        return RNNKit.beamSearch(initial: initial, start: start, end: end, width: width, maxLength: maxLength, step: step)
    }

    /// Beam search for one input with its trace: every step's kept and best pruned candidates
    /// (see `beamSearchTrace`).
    public func beamSearchTrace(source: [Int], width: Int, maxLength: Int, pruned: Int = 2) -> (best: Decoded, steps: [[BeamCandidate]]) {
        let (initial, step) = decoderStep(source: source)
        return RNNKit.beamSearchTrace(
            initial: initial, start: start, end: end, width: width, maxLength: maxLength, pruned: pruned, step: step)
    }

    /// Greedy decoding of a whole batch of inputs at once: every row takes its most probable next
    /// token at every step, for `maxLength` steps; each row's output is cut after its end token.
    ///
    /// - Returns: the outputs, and (with attention) each row's weights, a matrix
    ///   `(output tokens × input length)`: row t is where output token t looked.
    public func greedy(sources: [[Int]], maxLength: Int) -> (outputs: [Decoded], weights: [Matrix]) {
        let batch = sources.count, vocabulary = decoder.inputSize
        let (xs, padded) = encoderInputs(sources)
        let lengths = padded.lengths
        let (hs, last, _) = encoder.forward(xs, lengths: lengths)
        let keys = decoder.attention?.prepare(hs)  // once for every step
        var state = last
        var tokens = [Int](repeating: start, count: batch)
        var outputs = [Decoded](repeating: Decoded(tokens: [], logProbability: 0), count: batch)
        var done = [Bool](repeating: false, count: batch)
        var weightRows = [[[Double]]](repeating: [], count: batch)
        for _ in 0..<maxLength {
            let x = oneHot(tokens, classes: vocabulary)  // each row's last token
            let (z, s, a) = decoder.step(x, state: state, prepared: keys, lengths: lengths)
            let logP = logSoftmax(z)
            for b in 0..<batch where !done[b] {
                var best = 0
                for k in 0..<vocabulary where logP[b, k] > logP[b, best] { best = k }  // argmax, lowest id on ties
                outputs[b].tokens.append(best)
                outputs[b].logProbability += logP[b, best]
                if let a { weightRows[b].append(Array(a.row(b)[0..<lengths[b]])) }
                tokens[b] = best
                done[b] = best == end
            }
            state = s
            if !done.contains(false) { break }
        }
        let weights = decoder.attention == nil ? [] : weightRows.map { Matrix($0) }
        return (outputs, weights)
    }
}

extension EncoderDecoder: Sendable where Encoder: Sendable {}
