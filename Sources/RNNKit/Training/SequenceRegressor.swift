/// A recurrent layer with a linear head, trained with the mean squared error: the model of the
/// adding problem and of next-value forecasting.
///
/// It is used in two ways:
///
/// - **many-to-one**: the head reads only the last hidden state, ŷ = h_T W_headᵀ + b_head, and
///   the loss compares ŷ with one target per sequence (the adding problem);
/// - **many-to-many**: the head reads every hidden state, ŷ_t = h_t W_headᵀ + b_head, and the
///   loss compares every ŷ_t with its own target (predicting the next value of a series at every
///   step).
///
/// Both losses are `mseLoss`, PyTorch's `nn.MSELoss()`: the mean over every entry (for
/// many-to-many, over steps × batch × outputs). The gradient goes back through the head into the
/// hidden states (`dhs`, zero except at the last step for many-to-one), then through time by the
/// layer's own `backward`.
///
///     var model = SequenceRegressor(layer: LSTM(inputSize: 2, hiddenSize: 16, using: &rng), using: &rng)
///     var adam = Adam(learningRate: 0.01)
///     for step in 0..<500 {
///         let (xs, target) = addingProblem(count: 32, length: 50, using: &rng)
///         model.trainStep(xs, target: target, optimizer: &adam, maxGradientNorm: 1)
///     }
///
/// Parameters are the layer's, then the head's (`head.weight`, `head.bias`), so `Adam`,
/// clipping and `GradientCheck` see one model.
public struct SequenceRegressor<Layer: RecurrentLayer>: Parameterized {
    /// The recurrent layer: RNN, LSTM, GRU or a `Stacked` of them.
    public var layer: Layer
    /// The head, `(hidden → outputs)`.
    public var head: Linear

    /// A model with a given layer and a head drawn with PyTorch's initialization.
    ///
    /// - Parameters:
    ///   - layer: the recurrent layer.
    ///   - outputSize: outputs per step (default 1: one number to regress).
    ///   - rng: the random source for the head.
    public init(layer: Layer, outputSize: Int = 1, using rng: inout RandomSource) {
        self.layer = layer
        self.head = Linear(inputSize: layer.hiddenSize, outputSize: outputSize, using: &rng)
    }

    /// A model from a given layer and head; the head must read `layer.hiddenSize` features.
    public init(layer: Layer, head: Linear) {
        guard head.inputSize == layer.hiddenSize else {
            shapeError("SequenceRegressor: the head reads \(head.inputSize) features but the layer gives \(layer.hiddenSize)")
        }
        self.layer = layer
        self.head = head
    }

    /// The layer's parameters, then `[head.weight, head.bias]`.
    public var parameters: [Matrix] {
        get { layer.parameters + head.parameters }
        set {
            let n = layer.parameters.count
            guard newValue.count == n + 2 else {
                shapeError("SequenceRegressor.parameters: got \(newValue.count) matrices for \(n + 2) parameters")
            }
            layer.parameters = Array(newValue[..<n])
            head.parameters = Array(newValue[n...])
        }
    }

    /// `rnn.` + the layer's names, then `head.weight` and `head.bias`: PyTorch's state-dict names
    /// for a module whose fields are `rnn` and `head`.
    public var parameterNames: [String] { layer.parameterNames.map { "rnn." + $0 } + ["head.weight", "head.bias"] }

    // MARK: - Many-to-one

    /// ŷ = h_T W_headᵀ + b_head, `(batch × outputs)`, for the sequence `xs` (each `(batch × input)`),
    /// from `initial` (the zero state when `nil`).
    public func predict(_ xs: [Matrix], initial: Layer.State? = nil) -> Matrix {
        let (hs, _, _) = layer.forward(xs, initial: initial ?? layer.zeroState(batch: batchSize(xs)))
        return head.forward(hs[hs.count - 1])
    }

    /// The many-to-one loss and its gradient with respect to every parameter.
    ///
    ///     ŷ = h_T W_headᵀ + b_head,   L = mean((ŷ − target)²)
    ///
    /// - Parameters:
    ///   - xs: the sequence, each `(batch × input)`.
    ///   - target: one target row per sequence, `(batch × outputs)`.
    ///   - initial: the starting state (zero when `nil`).
    /// - Returns: L and ∂L/∂θ in `parameters` order.
    public func lossAndGradients(_ xs: [Matrix], target: Matrix, initial: Layer.State? = nil) -> (loss: Double, gradients: Gradients) {
        let (hs, _, cache) = layer.forward(xs, initial: initial ?? layer.zeroState(batch: batchSize(xs)))
        let hLast = hs[hs.count - 1]  // h_T: (batch × hidden)
        let prediction = head.forward(hLast)  // ŷ: (batch × outputs)
        let (loss, dPrediction) = mseLoss(prediction, target)  // ∂L/∂ŷ: (batch × outputs)
        let (headGrads, dhLast) = head.backward(dPrediction, input: hLast)  // through the head: into W_head, b_head and h_T
        // Only h_T feeds the loss: every other step receives nothing from above.
        var dhs = hs.map { Matrix(rows: $0.rows, cols: $0.cols) }  // T × (batch × hidden)
        dhs[dhs.count - 1] = dhLast
        let layerGrads = layer.backward(dhs, dFinal: nil, cache: cache)  // through time
        return (loss, layerGrads.parameters + headGrads)
    }

    /// One step of training on a batch: the many-to-one gradient, clipped by global norm when
    /// `maxGradientNorm` is given, then one step of `optimizer`.
    ///
    /// - Returns: the loss before the step. Traps with the step number if it is NaN or infinite.
    @discardableResult
    public mutating func trainStep(_ xs: [Matrix], target: Matrix, optimizer: inout Adam, maxGradientNorm: Double? = nil) -> Double {
        var (loss, grads) = lossAndGradients(xs, target: target)
        requireFinite(loss, step: optimizer.stepCount)
        if let maxGradientNorm { clipGradientsByNorm(&grads, maxNorm: maxGradientNorm) }
        optimizer.step(&parameters, grads)
        return loss
    }

    // MARK: - Many-to-many

    /// ŷ_t = h_t W_headᵀ + b_head for every step (each `(batch × outputs)`), and the final state,
    /// from which a later call can go on (the state carried from step to step).
    public func predictEveryStep(_ xs: [Matrix], initial: Layer.State? = nil) -> (predictions: [Matrix], final: Layer.State) {
        let (hs, final, _) = layer.forward(xs, initial: initial ?? layer.zeroState(batch: batchSize(xs)))
        let all = head.forward(Matrix.vstack(hs))  // one product for every step: (T·batch × outputs)
        let batch = hs[0].rows
        return ((0..<hs.count).map { all.rows(($0 * batch)..<(($0 + 1) * batch)) }, final)
    }

    /// The many-to-many loss and its gradient with respect to every parameter.
    ///
    ///     ŷ_t = h_t W_headᵀ + b_head,   L = mean over t, batch and outputs of (ŷ_t − target_t)²
    ///
    /// - Parameters:
    ///   - xs: the sequence, each `(batch × input)`.
    ///   - stepTargets: a target for every step, each `(batch × outputs)`.
    ///   - initial: the starting state (zero when `nil`).
    /// - Returns: L, ∂L/∂θ in `parameters` order, and the final state (to carry into the next
    ///   chunk of a long series, as truncated BPTT does).
    public func lossAndGradients(
        _ xs: [Matrix], stepTargets: [Matrix], initial: Layer.State? = nil
    ) -> (loss: Double, gradients: Gradients, final: Layer.State) {
        guard stepTargets.count == xs.count else {
            shapeError("SequenceRegressor.lossAndGradients: \(stepTargets.count) step targets for \(xs.count) steps")
        }
        let (hs, final, cache) = layer.forward(xs, initial: initial ?? layer.zeroState(batch: batchSize(xs)))
        let batch = hs[0].rows
        let h = Matrix.vstack(hs)  // every h_t, stacked: (T·batch × hidden)
        let prediction = head.forward(h)  // every ŷ_t: (T·batch × outputs)
        let (loss, dPrediction) = mseLoss(prediction, Matrix.vstack(stepTargets))  // the mean over all T·batch·outputs entries
        let (headGrads, dh) = head.backward(dPrediction, input: h)  // through the head, all steps at once: (T·batch × hidden)
        let dhs = (0..<hs.count).map { dh.rows(($0 * batch)..<(($0 + 1) * batch)) }  // T × (batch × hidden)
        let layerGrads = layer.backward(dhs, dFinal: nil, cache: cache)  // through time
        return (loss, layerGrads.parameters + headGrads, final)
    }

    /// One step of training on the many-to-many loss (clipped by global norm when
    /// `maxGradientNorm` is given).
    ///
    /// - Returns: the loss before the step and the final state of the sequence. Traps with the
    ///   step number if the loss is NaN or infinite.
    @discardableResult
    public mutating func trainStep(
        _ xs: [Matrix], stepTargets: [Matrix], initial: Layer.State? = nil, optimizer: inout Adam, maxGradientNorm: Double? = nil
    ) -> (loss: Double, final: Layer.State) {
        var (loss, grads, final) = lossAndGradients(xs, stepTargets: stepTargets, initial: initial)
        requireFinite(loss, step: optimizer.stepCount)
        if let maxGradientNorm { clipGradientsByNorm(&grads, maxNorm: maxGradientNorm) }
        optimizer.step(&parameters, grads)
        return (loss, final)
    }

    private func batchSize(_ xs: [Matrix]) -> Int {
        guard let first = xs.first else { shapeError("SequenceRegressor: the sequence has no steps") }
        return first.rows
    }
}
