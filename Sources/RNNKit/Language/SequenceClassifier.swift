/// Token sequences → one class each (many-to-one): embedding, recurrent layer, and a linear head on
/// each sequence's state at its own last real step. The book's word-language classifier.
///
///     x_t = E[token_t]                      (batch × dimension)     Embedding
///     h_t = layer(x_t, h_{t−1})             (batch × hidden)        RNN, LSTM or GRU
///     z   = h_{last real} W_headᵀ + b_head   (batch × classes)       PaddedBatch.lastRealStates, Linear
///     L   = cross-entropy(z, labels)                                crossEntropyLoss
///
/// Batches are padded on the right (`PaddedBatch`), and the head reads step `lengths[b] − 1` of
/// sequence b, so each sequence is classified exactly as it would be alone (the padded steps
/// come after it and the loss never reads them).
///
/// Parameters are the embedding's, the layer's, then the head's.
public struct SequenceClassifier<Layer: RecurrentLayer>: EmbeddedRecurrentModel {
    /// E, the token vectors, `(vocabulary × dimension)`.
    public var embedding: Embedding
    /// The recurrent layer; its `inputSize` is the embedding's dimension.
    public var layer: Layer
    /// The head, `(hidden → classes)`.
    public var head: Linear

    /// A classifier over `classes` classes from an embedding and a layer, with a head drawn with
    /// PyTorch's initialization.
    public init(embedding: Embedding, layer: Layer, classes: Int, using rng: inout RandomSource) {
        guard layer.inputSize == embedding.dimension else {
            shapeError("SequenceClassifier: the layer reads \(layer.inputSize) features but the embedding gives \(embedding.dimension)")
        }
        self.embedding = embedding
        self.layer = layer
        self.head = Linear(inputSize: layer.hiddenSize, outputSize: classes, using: &rng)
    }

    /// The scores z of every sequence of `batch`, `(batch × classes)`.
    public func logits(_ batch: PaddedBatch) -> Matrix {
        let xs = embedding.forward(batch.steps)  // steps × (batch × dimension)
        let (hs, _, _) = layer.forward(xs, initial: layer.zeroState(batch: batch.batchSize))
        return head.forward(batch.lastRealStates(hs))  // (batch × classes)
    }

    /// The most likely class of each sequence.
    public func predict(_ batch: PaddedBatch) -> [Int] { logits(batch).argmaxPerRow() }

    /// The mean cross-entropy over the batch and its gradient with respect to every parameter.
    public func lossAndGradients(_ batch: PaddedBatch, labels: [Int]) -> (loss: Double, gradients: Gradients) {
        let xs = embedding.forward(batch.steps)  // steps × (batch × dimension)
        let (hs, _, cache) = layer.forward(xs, initial: layer.zeroState(batch: batch.batchSize))
        let hLast = batch.lastRealStates(hs)  // each sequence's own last state: (batch × hidden)
        let z = head.forward(hLast)  // (batch × classes)
        let (loss, dz) = crossEntropyLoss(logits: z, targets: labels)  // ∂L/∂z: (batch × classes)
        let (headGrads, dhLast) = head.backward(dz, input: hLast)  // through the head
        let dhs = batch.lastRealStatesBackward(dhLast)  // into step lengths[b] − 1 of row b only
        let layerGrads = layer.backward(dhs, dFinal: nil, cache: cache)  // through time
        let embeddingGrads = embedding.backward(layerGrads.inputs, steps: batch.steps)  // into the looked-up rows
        return (loss, embeddingGrads + layerGrads.parameters + headGrads)
    }

    /// One step of Adam on a batch, the gradient clipped by global norm when asked.
    ///
    /// - Returns: the loss before the step. Traps with the step number if it is not finite.
    @discardableResult
    public mutating func trainStep(
        _ batch: PaddedBatch, labels: [Int], optimizer: inout Adam, maxGradientNorm: Double? = nil
    ) -> Double {
        var (loss, grads) = lossAndGradients(batch, labels: labels)
        requireFinite(loss, step: optimizer.stepCount)
        if let maxGradientNorm { clipGradientsByNorm(&grads, maxNorm: maxGradientNorm) }
        optimizer.step(&parameters, grads)
        return loss
    }
}
