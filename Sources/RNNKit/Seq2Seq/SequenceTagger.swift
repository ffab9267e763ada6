/// One label per input position: an encoder and a linear head on each of its outputs.
///
///     hs = encoder(one-hot tokens)        z_t = hs[t] W_headᵀ + b_head      scores of the label at t
///
/// With a `Unidirectional` encoder, the label at t is predicted from x_0 … x_t only; with a
/// `Bidirectional` one, from the whole sequence. The loss is the cross-entropy averaged over every
/// real (not padded) position of the batch.
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

    public var parameterNames: [String] { encoder.parameterNames + ["head.weight", "head.bias"] }

    /// The tokens as one-hot vectors, padded with token 0 (which the encoder's outputs there ignore), and the lengths.
    func inputs(_ sequences: [[Int]]) -> (xs: [Matrix], lengths: [Int]) {
        let batch = PaddedBatch(sequences, padding: 0)
        return (batch.steps.map { oneHot($0, classes: encoder.inputSize) }, batch.lengths)
    }

    /// The most probable label at every real position of every sequence.
    public func predict(_ sequences: [[Int]]) -> [[Int]] {
        let (xs, lengths) = inputs(sequences)
        let (hs, _, _) = encoder.forward(xs, lengths: lengths)
        let labels = hs.map { head.forward($0).argmaxPerRow() }  // labels[t][b]
        return lengths.indices.map { b in (0..<lengths[b]).map { labels[$0][b] } }
    }

    /// The mean cross-entropy over every real position, and its gradient for every parameter.
    public func lossAndGradients(_ sequences: [[Int]], labels: [[Int]]) -> (loss: Double, gradients: Gradients) {
        let (xs, lengths) = inputs(sequences)
        let (hs, _, cache) = encoder.forward(xs, lengths: lengths)  // T × (batch × H)
        // The real positions, (step, row) in step-major order, and their outputs stacked.
        let positions = hs.indices.flatMap { t in lengths.indices.filter { t < lengths[$0] }.map { (t, $0) } }
        var features = Matrix(rows: positions.count, cols: encoder.outputSize)  // (positions × H)
        for (i, (t, b)) in positions.enumerated() {
            for j in 0..<features.cols { features[i, j] = hs[t][b, j] }
        }
        let z = head.forward(features)  // (positions × labels)
        let (loss, dz) = crossEntropyLoss(logits: z, targets: positions.map { labels[$0.1][$0.0] })
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
    public mutating func trainStep(_ sequences: [[Int]], labels: [[Int]], optimizer: inout Adam, maxGradientNorm: Double = 1) -> Double {
        var (loss, g) = lossAndGradients(sequences, labels: labels)
        requireFinite(loss, step: optimizer.stepCount)
        clipGradientsByNorm(&g, maxNorm: maxGradientNorm)
        optimizer.step(&parameters, g)
        return loss
    }
}
