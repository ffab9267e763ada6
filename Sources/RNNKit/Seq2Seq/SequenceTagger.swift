/// One label per input position: an encoder and a linear head on each of its outputs.
///
///     hs = encoder(one-hot tokens)        z_t = hs[t] W_headᵀ + b_head      scores of the label at t
///
/// With a `Unidirectional` encoder, the label at t is predicted from x_0 … x_t only; with a
/// `Bidirectional` one, from the whole sequence. The loss is the cross-entropy averaged over every
/// real (not padded) position of the batch.
///
/// Batches and labels follow the library's one convention (`PaddedBatch`): time-major,
/// `labels[t][b]` is the label at step t of sequence b, as `PaddedBatch(labelSequences, padding: 0).steps`
/// lays them out; entries at padded positions are never read.
public struct SequenceTagger<Encoder: SequenceEncoder>: Parameterized {
    /// The encoder.
    public var encoder: Encoder
    /// The head, `(encoder.outputSize → labels)`.
    public var head: Linear

    /// A tagger over `encoder` with `labelCount` labels, the head drawn with PyTorch's initialization.
    public init(encoder: Encoder, labelCount: Int, using rng: inout RandomSource) {
        self.encoder = encoder
        head = Linear(inputSize: encoder.outputSize, outputSize: labelCount, using: &rng)
    }

    /// The encoder's parameters, then `[head.weight, head.bias]`.
    public var parameters: [Matrix] {
        get { encoder.parameters + head.parameters }
        set {
            let n = encoder.parameters.count
            encoder.parameters = Array(newValue[..<n])
            head.parameters = Array(newValue[n...])
        }
    }

    /// `encoder.` + the encoder's names, then `head.weight`, `head.bias`: PyTorch's state-dict
    /// names for a module whose fields are `encoder` and `head`.
    public var parameterNames: [String] { encoder.parameterNames.map { "encoder." + $0 } + ["head.weight", "head.bias"] }

    /// The batch's tokens as one-hot vectors (the padding token's vectors are never read: the
    /// encoder's outputs there are zero), and the lengths.
    func inputs(_ batch: PaddedBatch) -> (xs: [Matrix], lengths: [Int]) {
        (batch.steps.map { oneHot($0, classes: encoder.inputSize) }, batch.lengths)
    }

    /// The most probable label at every position: `[t][b]`, time-major like the batch, with −1
    /// (no label) where sequence b has ended.
    public func predict(_ batch: PaddedBatch) -> [[Int]] {
        let (xs, lengths) = inputs(batch)
        let (hs, _, _) = encoder.forward(xs, lengths: lengths)
        return hs.indices.map { t in
            let best = head.forward(hs[t]).argmaxPerRow()  // (batch) labels at step t
            return best.indices.map { b in t < lengths[b] ? best[b] : -1 }
        }
    }

    /// The mean cross-entropy over every real position, and its gradient for every parameter.
    ///
    /// - Parameters:
    ///   - batch: the input sequences, padded.
    ///   - labels: `labels[t][b]`, the label at step t of sequence b (`batch.stepCount` lists of
    ///     `batch.batchSize`); entries at padded positions are not read.
    public func lossAndGradients(_ batch: PaddedBatch, labels: [[Int]]) -> (loss: Double, gradients: Gradients) {
        guard labels.count == batch.stepCount, labels.allSatisfy({ $0.count == batch.batchSize }) else {
            shapeError(
                "SequenceTagger: labels for \(labels.count) steps × \(labels.map(\.count)) sequences, batch of \(batch.stepCount) steps × \(batch.batchSize) sequences (labels are [step][sequence])"
            )
        }
        let (xs, lengths) = inputs(batch)
        let (hs, _, cache) = encoder.forward(xs, lengths: lengths)  // T × (batch × H)
        // The real positions, (step, row) in step-major order, and their outputs stacked.
        let positions = hs.indices.flatMap { t in lengths.indices.filter { t < lengths[$0] }.map { (t, $0) } }
        var features = Matrix(rows: positions.count, cols: encoder.outputSize)  // (positions × H)
        for (i, (t, b)) in positions.enumerated() {
            for j in 0..<features.cols { features[i, j] = hs[t][b, j] }
        }
        let z = head.forward(features)  // (positions × labels)
        let (loss, dz) = crossEntropyLoss(logits: z, targets: positions.map { labels[$0.0][$0.1] })
        let (headGrads, dFeatures) = head.backward(dz, input: features)  // through the head
        var dhs = hs.map { Matrix(rows: $0.rows, cols: $0.cols) }  // zero at padded positions
        for (i, (t, b)) in positions.enumerated() {
            for j in 0..<features.cols { dhs[t][b, j] = dFeatures[i, j] }
        }
        let g = encoder.backward(dhs, dLast: nil, cache: cache)  // through the encoder
        return (loss, g.parameters + headGrads)
    }

    /// One step of Adam on the gradients clipped to `maxGradientNorm`; returns the loss before it.
    @discardableResult
    public mutating func trainStep(_ batch: PaddedBatch, labels: [[Int]], optimizer: inout Adam, maxGradientNorm: Double = 1) -> Double {
        var (loss, g) = lossAndGradients(batch, labels: labels)
        requireFinite(loss, step: optimizer.stepCount)
        clipGradientsByNorm(&g, maxNorm: maxGradientNorm)
        optimizer.step(&parameters, g)
        return loss
    }
}
