/// Next-token prediction at every step (many-to-many): embedding, recurrent layer, and a linear
/// head giving the scores of the next token. The book's character language model.
///
///     x_t = E[token_t]                     (batch × dimension)
///     h_t = layer(x_t, h_{t−1})            (batch × hidden)
///     z_t = h_t W_headᵀ + b_head            (batch × vocabulary)     scores of token t+1
///     L   = mean over real steps of −log softmax(z_t)[target_t]      sequenceCrossEntropy
///
/// A word w = c₁…cₙ is trained as the input `<s> c₁ … cₙ` and the targets `c₁ … cₙ </s>`
/// (`nextTokenBatch`): at each step the model is shown the characters so far and asked for the
/// next one, and after the last one it must say that the word is over.
///
/// Parameters are the embedding's, the layer's, then the head's.
public struct CharacterLanguageModel<Layer: RecurrentLayer>: EmbeddedRecurrentModel {
    /// E, the token vectors, `(vocabulary × dimension)`.
    public var embedding: Embedding
    /// The recurrent layer; its `inputSize` is the embedding's dimension.
    public var layer: Layer
    /// The head, `(hidden → vocabulary)`.
    public var head: Linear

    /// A model over the embedding's vocabulary, with a head drawn with PyTorch's initialization.
    public init(embedding: Embedding, layer: Layer, using rng: inout RandomSource) {
        guard layer.inputSize == embedding.dimension else {
            shapeError("CharacterLanguageModel: the layer reads \(layer.inputSize) features but the embedding gives \(embedding.dimension)")
        }
        self.embedding = embedding
        self.layer = layer
        self.head = Linear(inputSize: layer.hiddenSize, outputSize: embedding.vocabularySize, using: &rng)
    }

    /// The scores of the next token at every step, `steps × (batch × vocabulary)`, and the hidden
    /// states `steps × (batch × hidden)`.
    public func logits(_ inputs: PaddedBatch) -> (logits: [Matrix], hs: [Matrix]) {
        let xs = embedding.forward(inputs.steps)  // steps × (batch × dimension)
        let (hs, _, _) = layer.forward(xs, initial: layer.zeroState(batch: inputs.batchSize))
        return (splitSteps(head.forward(Matrix.vstack(hs)), batch: inputs.batchSize), hs)
    }

    /// The mean negative log-likelihood per real target (nats), and the number of targets.
    public func loss(_ inputs: PaddedBatch, targets: [[Int]]) -> (meanNLL: Double, count: Int) {
        let r = sequenceCrossEntropy(logits: logits(inputs).logits, targets: targets, mask: inputs.masks)
        return (r.loss, r.count)
    }

    /// The loss of one chunk of running text read from `initial`, the state the previous chunk
    /// ended in, and the state this chunk ends in (to hand to the next chunk). `mask` replaces
    /// the batch's own (`steps × (batch × 1)`), to leave out rows that carry no text.
    public func loss(
        _ inputs: PaddedBatch, targets: [[Int]], initial: Layer.State, mask: [Matrix]? = nil
    ) -> (meanNLL: Double, count: Int, final: Layer.State) {
        let xs = embedding.forward(inputs.steps)  // steps × (batch × dimension)
        let (hs, final, _) = layer.forward(xs, initial: initial)
        let z = splitSteps(head.forward(Matrix.vstack(hs)), batch: inputs.batchSize)
        let r = sequenceCrossEntropy(logits: z, targets: targets, mask: mask ?? inputs.masks)
        return (r.loss, r.count, final)
    }

    /// The masked mean cross-entropy and its gradient with respect to every parameter.
    public func lossAndGradients(_ inputs: PaddedBatch, targets: [[Int]]) -> (loss: Double, gradients: Gradients) {
        let r = lossAndGradients(inputs, targets: targets, initial: layer.zeroState(batch: inputs.batchSize))
        return (r.loss, r.gradients)
    }

    /// The same from a given initial state, also returning the final state and ∂L/∂initial.
    ///
    /// Truncated backpropagation through time over a stream cut into chunks: the caller hands
    /// each chunk the state the previous one ended in and ignores `dInitial`, so the gradient
    /// stops there (the state is *detached*: a constant input) and each chunk's backward pass
    /// runs through its own steps only, while its forward pass goes on from where the previous
    /// chunk's ended. A model whose initial state is itself learned (`ConditionalLanguageModel`)
    /// uses `dInitial` instead.
    public func lossAndGradients(
        _ inputs: PaddedBatch, targets: [[Int]], initial: Layer.State
    ) -> (loss: Double, gradients: Gradients, final: Layer.State, dInitial: Layer.State) {
        let batch = inputs.batchSize
        let xs = embedding.forward(inputs.steps)  // steps × (batch × dimension)
        let (hs, final, cache) = layer.forward(xs, initial: initial)
        let h = Matrix.vstack(hs)  // every h_t stacked: (steps·batch × hidden)
        let z = splitSteps(head.forward(h), batch: batch)  // steps × (batch × vocabulary)
        let (loss, dz, _) = sequenceCrossEntropy(logits: z, targets: targets, mask: inputs.masks)  // zero on padding
        let (headGrads, dh) = head.backward(Matrix.vstack(dz), input: h)  // through the head, all steps at once
        let dhs = splitSteps(dh, batch: batch)  // steps × (batch × hidden)
        let layerGrads = layer.backward(dhs, dFinal: nil, cache: cache)  // through time
        let embeddingGrads = embedding.backward(layerGrads.inputs, steps: inputs.steps)  // into the looked-up rows
        // ∂L/∂initial too, for a caller whose initial state is learned.
        return (loss, embeddingGrads + layerGrads.parameters + headGrads, final, layerGrads.initial)
    }

    /// One step of Adam on a batch, the gradient clipped by global norm when asked.
    ///
    /// - Returns: the loss before the step. Traps with the step number if it is not finite.
    @discardableResult
    public mutating func trainStep(
        _ inputs: PaddedBatch, targets: [[Int]], optimizer: inout Adam, maxGradientNorm: Double? = nil
    ) -> Double {
        var (loss, grads) = lossAndGradients(inputs, targets: targets)
        requireFinite(loss, step: optimizer.stepCount)
        if let maxGradientNorm { clipGradientsByNorm(&grads, maxNorm: maxGradientNorm) }
        optimizer.step(&parameters, grads)
        return loss
    }

    /// One step of Adam on a chunk read from `initial`; returns the loss before the step and the
    /// state the chunk ended in, detached, for the next chunk (truncated BPTT).
    @discardableResult
    public mutating func trainStep(
        _ inputs: PaddedBatch, targets: [[Int]], initial: Layer.State, optimizer: inout Adam,
        maxGradientNorm: Double? = nil
    ) -> (loss: Double, final: Layer.State) {
        var (loss, grads, final, _) = lossAndGradients(inputs, targets: targets, initial: initial)
        requireFinite(loss, step: optimizer.stepCount)
        if let maxGradientNorm { clipGradientsByNorm(&grads, maxNorm: maxGradientNorm) }
        optimizer.step(&parameters, grads)
        return (loss, final)
    }

    /// One step for a batch of single tokens: the scores of the next token `(batch × vocabulary)`
    /// and the new state. Feeding each drawn token back in generates text.
    public func step(_ tokens: [Int], state: Layer.State) -> (logits: Matrix, hidden: Matrix, state: Layer.State) {
        let (hs, final, _) = layer.forward([embedding.forward(tokens)], initial: state)
        return (head.forward(hs[0]), hs[0], final)
    }

    /// Generates one sequence from `<s>` until `</s>` or `maxLength` tokens, drawing each token at
    /// `temperature` (0: greedy). Returns the tokens without `<s>` and `</s>`.
    public func sample(maxLength: Int, temperature: Double, using rng: inout RandomSource) -> [Int] {
        sample(from: layer.zeroState(batch: 1), maxLength: maxLength, temperature: temperature, using: &rng)
    }

    /// The same from a given initial state (one row), such as a category's learned state.
    public func sample(
        from initial: Layer.State, maxLength: Int, temperature: Double, using rng: inout RandomSource
    ) -> [Int] {
        var state = initial
        return sampleSequence(
            start: CharacterVocabulary.startIndex, end: CharacterVocabulary.endIndex, maxLength: maxLength,
            temperature: temperature, using: &rng
        ) { previous in
            let (z, _, next) = step([previous], state: state)
            state = next
            return z.storage
        }
    }

    private func splitSteps(_ stacked: Matrix, batch: Int) -> [Matrix] {
        (0..<(stacked.rows / batch)).map { stacked.rows(($0 * batch)..<(($0 + 1) * batch)) }
    }
}

/// The inputs and targets of next-token prediction for a batch of token sequences:
///
///     inputs   <s> c₁ c₂ … cₙ        (padded on the right with <pad>)
///     targets  c₁  c₂ … cₙ </s>      (time-major, `<pad>` where the input is padding)
///
/// with the reserved indices of `CharacterVocabulary`.
public func nextTokenBatch(_ sequences: [[Int]]) -> (inputs: PaddedBatch, targets: [[Int]]) {
    let inputs = PaddedBatch(sequences.map { [CharacterVocabulary.startIndex] + $0 }, padding: CharacterVocabulary.padIndex)
    let shifted = PaddedBatch(sequences.map { $0 + [CharacterVocabulary.endIndex] }, padding: CharacterVocabulary.padIndex)
    return (inputs, shifted.steps)
}
