/// A character language model told what to write: each sequence comes with a category (a
/// language, say), and the recurrent layer starts from that category's own learned state
/// instead of zeros.
///
///     h_0 = C[category]                      (batch × hidden)     a row of C, learned
///     then as `CharacterLanguageModel`:  x_t = E[token_t], h_t = layer(x_t, h_{t−1}),
///     z_t = h_t W_headᵀ + b_head, L = masked mean cross-entropy
///
/// C is an `Embedding` of the categories into the hidden state, so its backward pass is the
/// embedding's: ∂L/∂h_0 (what backpropagation through time returns for the initial state) is
/// added into the row of each sequence's category. The PyTorch "generating names" tutorial feeds
/// the category as an input at every step instead; both tell the model the same thing.
///
/// Parameters are the language model's, then `condition.weight`.
public struct ConditionalLanguageModel<Layer: RecurrentLayer>: Parameterized where Layer.State == Matrix {
    /// The language model the categories steer.
    public var model: CharacterLanguageModel<Layer>
    /// C, one initial state per category, `(categories × hidden)`.
    public var conditions: Embedding

    /// A model over `categories` categories; C is drawn N(0, 0.1²), small like a fresh state.
    public init(model: CharacterLanguageModel<Layer>, categories: Int, using rng: inout RandomSource) {
        self.model = model
        let c = Embedding(vocabularySize: categories, dimension: model.layer.hiddenSize, using: &rng)
        self.conditions = Embedding(weight: c.weight * 0.1)
    }

    /// The language model's parameters, then C.
    public var parameters: [Matrix] {
        get { model.parameters + conditions.parameters }
        set {
            model.parameters = Array(newValue.dropLast())
            conditions.parameters = [newValue.last!]
        }
    }

    /// The language model's names, then `condition.weight`.
    public var parameterNames: [String] { model.parameterNames + ["condition.weight"] }

    /// The masked mean cross-entropy of a batch whose sequence b is of category `categories[b]`,
    /// and its gradient with respect to every parameter.
    public func lossAndGradients(
        _ inputs: PaddedBatch, targets: [[Int]], categories: [Int]
    ) -> (loss: Double, gradients: Gradients) {
        let h0 = conditions.forward(categories)  // (batch × hidden): each sequence's start
        let r = model.lossAndGradients(inputs, targets: targets, initial: h0)
        let dC = conditions.backward(r.dInitial, indices: categories)  // into the categories' rows
        return (r.loss, r.gradients + dC)
    }

    /// The mean negative log-likelihood per real target (nats), and the number of targets.
    public func loss(_ inputs: PaddedBatch, targets: [[Int]], categories: [Int]) -> (meanNLL: Double, count: Int) {
        let r = model.loss(inputs, targets: targets, initial: conditions.forward(categories))
        return (r.meanNLL, r.count)
    }

    /// One step of Adam on a batch, the gradient clipped by global norm when asked.
    ///
    /// - Returns: the loss before the step. Traps with the step number if it is not finite.
    @discardableResult
    public mutating func trainStep(
        _ inputs: PaddedBatch, targets: [[Int]], categories: [Int], optimizer: inout Adam,
        maxGradientNorm: Double? = nil
    ) -> Double {
        var (loss, grads) = lossAndGradients(inputs, targets: targets, categories: categories)
        requireFinite(loss, step: optimizer.stepCount)
        if let maxGradientNorm { clipGradientsByNorm(&grads, maxNorm: maxGradientNorm) }
        optimizer.step(&parameters, grads)
        return loss
    }

    /// A sequence of the given category, from `<s>` until `</s>` or `maxLength` tokens, drawn at
    /// `temperature`; without `<s>` and `</s>`.
    public func sample(
        category: Int, maxLength: Int, temperature: Double, using rng: inout RandomSource
    ) -> [Int] {
        model.sample(
            from: conditions.forward([category]), maxLength: maxLength, temperature: temperature, using: &rng)
    }
}
