/// Two recurrent layers over the same sequence, one reading it forwards and one backwards, their
/// outputs side by side: PyTorch's `bidirectional=True`.
///
///     h→_t = forward layer's step t over x_0, x_1, …, x_{n-1}
///     h←_t = backward layer's output at position t, having read x_{n-1}, x_{n-2}, …, x_t
///     y_t  = [h→_t ; h←_t]                                      (batch × 2·hidden)
///
/// So y_t summarises the whole sequence as seen from position t: the past through h→_t, the future
/// through h←_t. A one-directional layer's output at t knows nothing of x_{t+1}, …; a per-position
/// label that depends on the future is beyond it, and within reach of this layer.
///
/// **Padded batches.** Sequences of different lengths n_b share a batch, padded at the end to the
/// longest. `lengths` gives each row's n_b. The forward layer runs over the padded batch as it is
/// (padding comes after the real steps, so it cannot change them). The backward layer must start
/// at each row's own last real step, not at the padding: each row is reversed *within its own
/// length* (x_{n_b-1}, …, x_0, then the padding), run, and the outputs reversed back the same way.
/// This is what PyTorch does with a packed sequence. Outputs at padded positions are set to zero
/// (as `pad_packed_sequence` returns them), so nothing read from them can carry a gradient.
///
/// `last` is the summary an encoder hands on: [h→ at position n_b − 1 ; h← at position 0], each
/// direction's output after reading its whole sequence (PyTorch's `h_n`, both directions
/// concatenated). With no lengths, every row has the full length.
///
/// **States**, as PyTorch's `h_0`/`h_n` (and `c_0`/`c_n`) with their two directions: both directions
/// start from the zero state unless `forward(_:initial:lengths:)` (`Bidirectional+States.swift`) is
/// given one state per direction; that call also returns each direction's final state (the LSTM's
/// h and c) at each row's own end, as PyTorch's packed sequences do, and
/// `backward(_:dLast:dFinal:cache:)` takes their gradients and returns the initial states'.
///
/// Parameters are the forward layer's then the backward layer's, named as in PyTorch:
/// `weight_ih_l0`, …, `weight_ih_l0_reverse`, ….
public struct Bidirectional<Layer: RecurrentLayer>: Parameterized {
    /// The layer reading the sequence from first step to last.
    public var forwardLayer: Layer
    /// The layer reading each sequence from its last real step to its first.
    public var backwardLayer: Layer

    /// Features per step of the input.
    public var inputSize: Int { forwardLayer.inputSize }
    /// Features per direction.
    public var hiddenSize: Int { forwardLayer.hiddenSize }
    /// Features per step of the output: 2 · hiddenSize.
    public var outputSize: Int { 2 * hiddenSize }

    /// Two given layers of the same sizes.
    public init(forward: Layer, backward: Layer) {
        guard forward.inputSize == backward.inputSize && forward.hiddenSize == backward.hiddenSize else {
            shapeError(
                "Bidirectional: forward layer (\(forward.inputSize) → \(forward.hiddenSize)), backward layer (\(backward.inputSize) → \(backward.hiddenSize))"
            )
        }
        forwardLayer = forward
        backwardLayer = backward
    }

    /// One state per direction: PyTorch's `h_0` / `h_n` (and `c_0` / `c_n`), whose first index is
    /// the direction (0 forward, 1 reverse).
    public struct States {
        /// The forward layer's state.
        public var forward: Layer.State
        /// The backward layer's state.
        public var backward: Layer.State
        public init(forward: Layer.State, backward: Layer.State) {
            self.forward = forward
            self.backward = backward
        }
    }

    /// Both directions' zero states.
    public func zeroStates(batch: Int) -> States {
        States(forward: forwardLayer.zeroState(batch: batch), backward: backwardLayer.zeroState(batch: batch))
    }

    /// What `forward` keeps for `backward`.
    public struct Cache {
        /// The forward layer's cache, step t = position t.
        public let forward: Layer.Cache
        /// The backward layer's cache, in its own **reading order**: its step k is position
        /// n_b − 1 − k of row b (then the padding). `inForwardTime` puts any per-step list read from
        /// it (its outputs, an LSTM's gates) back at positions.
        public let backward: Layer.Cache
        /// Each row's length n_b.
        public let lengths: [Int]
        /// h←_t at position t, `(batch × hidden)` each, zero at padded positions: the backward
        /// layer's outputs in forward time order.
        public let backwardOutputs: [Matrix]

        /// A per-step list of the backward layer (step k = its k-th read) at positions: entry t,
        /// row b is what it computed at position t of row b.
        public func inForwardTime(_ perStep: [Matrix]) -> [Matrix] { reverseWithinLengths(perStep, lengths: lengths) }

        /// The shorter rows run again alone, one group per length, for their own final states
        /// (`Bidirectional+States.swift`); empty when every row has the full length.
        var shortRowGroups: [ShortRowGroup] = []
    }

    /// Rows of one length n < steps, run alone over their n real steps in both directions.
    struct ShortRowGroup {
        /// The rows' indices in the batch.
        let rows: [Int]
        /// Their length n.
        let length: Int
        /// The forward and the backward layer's caches over those rows' real steps.
        let forward: Layer.Cache
        let backward: Layer.Cache
    }

    /// The forward layer's parameters, then the backward layer's.
    public var parameters: [Matrix] {
        get { forwardLayer.parameters + backwardLayer.parameters }
        set {
            let n = forwardLayer.parameters.count
            guard newValue.count == 2 * n else {
                shapeError("Bidirectional.parameters: got \(newValue.count) matrices for \(2 * n) parameters")
            }
            forwardLayer.parameters = Array(newValue[..<n])
            backwardLayer.parameters = Array(newValue[n...])
        }
    }

    /// PyTorch's names: the forward layer's, then the same with `_reverse`.
    public var parameterNames: [String] {
        forwardLayer.parameterNames + backwardLayer.parameterNames.map { $0 + "_reverse" }
    }

    // MARK: - Forward

    /// Runs both directions over `xs` (each `(batch × input)`), from zero states.
    ///
    /// - Parameters:
    ///   - xs: the padded batch, one matrix per step.
    ///   - lengths: each row's number of real steps (1 ... xs.count); `nil` for all full.
    /// - Returns: `hs[t]` = [h→_t ; h←_t] `(batch × 2·hidden)`, zero at padded positions; `last`
    ///   `(batch × 2·hidden)`, each direction's output after its whole sequence; the cache.
    public func forward(_ xs: [Matrix], lengths: [Int]? = nil) -> (hs: [Matrix], last: Matrix, cache: Cache) {
        guard let batch = xs.first?.rows else { fatalError("Bidirectional.forward: an empty sequence") }
        let r = run(xs, initial: zeroStates(batch: batch), lengths: lengths)
        return (r.hs, r.last, r.cache)
    }

    /// Both directions over the whole padded batch from `initial`; `layerFinals` are the layers'
    /// states after all `xs.count` steps (each row's true final state only for full-length rows).
    func run(_ xs: [Matrix], initial: States, lengths: [Int]?) -> (hs: [Matrix], last: Matrix, layerFinals: States, cache: Cache) {
        guard let batch = xs.first?.rows else { fatalError("Bidirectional.forward: an empty sequence") }
        let lengths = lengths ?? Array(repeating: xs.count, count: batch)
        checkLengths(lengths, steps: xs.count, batch: batch, "Bidirectional.forward")
        let (hsF, finalF, cacheF) = forwardLayer.forward(xs, initial: initial.forward)  // x_0 → x_{n-1}
        let reversed = reverseWithinLengths(xs, lengths: lengths)  // each row: x_{n_b-1}, …, x_0, padding
        let (hsBReversed, finalB, cacheB) = backwardLayer.forward(reversed, initial: initial.backward)
        let hsB = reverseWithinLengths(hsBReversed, lengths: lengths)  // back to positions: h←_t at t
        // y_t = [h→_t ; h←_t], zero where row b is padding: (batch × 2·hidden) each
        let hs = xs.indices.map { zeroPadding(Matrix.hstack([hsF[$0], hsB[$0]]), lengths: lengths, step: $0) }
        // last: h→ at each row's last real step, h← at position 0 (where the backward pass ends).
        let lastF = lastRealRows(hsF, lengths: lengths)  // (batch × hidden)
        let last = Matrix.hstack([lastF, hsB[0]])  // (batch × 2·hidden)
        let backwardOutputs = xs.indices.map { zeroPadding(hsB[$0], lengths: lengths, step: $0) }
        let cache = Cache(forward: cacheF, backward: cacheB, lengths: lengths, backwardOutputs: backwardOutputs)
        return (hs, last, States(forward: finalF, backward: finalB), cache)
    }

    // MARK: - Backward

    /// Backpropagation through both directions.
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂hs[t] `(batch × 2·hidden)` for every step (entries at padded positions are ignored).
    ///   - dLast: ∂L/∂last `(batch × 2·hidden)`, or `nil`.
    /// - Returns: gradients in `parameters` order, and ∂L/∂xs[t] (zero at padded positions).
    public func backward(_ dhs: [Matrix], dLast: Matrix?, cache: Cache) -> (parameters: Gradients, inputs: [Matrix]) {
        let g = backpropagate(dhs, dLast: dLast, layerFinals: nil, cache: cache)
        return (g.parameters, g.inputs)
    }

    /// BPTT through both directions over the whole padded batch; `layerFinals` are the gradients
    /// of the layers' states after all `dhs.count` steps (see `run`), or `nil`.
    func backpropagate(
        _ dhs: [Matrix], dLast: Matrix?, layerFinals dFinal: States?, cache: Cache
    ) -> (parameters: Gradients, inputs: [Matrix], initial: States) {
        let h = hiddenSize, lengths = cache.lengths
        // Split each step's gradient into its two halves; padded positions were set to zero in forward.
        var dF = dhs.indices.map { zeroPadding(dhs[$0].columns(0..<h), lengths: lengths, step: $0) }  // ∂L/∂h→_t
        var dB = dhs.indices.map { zeroPadding(dhs[$0].columns(h..<(2 * h)), lengths: lengths, step: $0) }  // ∂L/∂h←_t
        if let dLast {
            guard dLast.shape == (lengths.count, 2 * h) else {
                shapeError("Bidirectional.backward: dLast \(dLast.shapeDescription), last is (\(lengths.count)×\(2 * h))")
            }
            addToLastRealRows(dLast.columns(0..<h), into: &dF, lengths: lengths)  // into h→ at each row's last real step
            dB[0] += dLast.columns(h..<(2 * h))  // into h← at position 0
        }
        let gF = forwardLayer.backward(dF, dFinal: dFinal?.forward, cache: cache.forward)  // BPTT, first step to last
        // The backward layer ran over the reversed rows: reverse its output gradients the same way.
        let gB = backwardLayer.backward(reverseWithinLengths(dB, lengths: lengths), dFinal: dFinal?.backward, cache: cache.backward)
        let dxB = reverseWithinLengths(gB.inputs, lengths: lengths)  // back to positions
        let dxs = zip(gF.inputs, dxB).map { $0 + $1 }  // each x_t feeds both directions
        return (gF.parameters + gB.parameters, dxs, States(forward: gF.initial, backward: gB.initial))
    }
}

extension Bidirectional where Layer: RandomlyInitializedRecurrentLayer {
    /// Two layers with PyTorch's initialization, the forward one drawn first.
    public init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) {
        let f = Layer(inputSize: inputSize, hiddenSize: hiddenSize, using: &rng)
        let b = Layer(inputSize: inputSize, hiddenSize: hiddenSize, using: &rng)
        self.init(forward: f, backward: b)
    }
}

extension Bidirectional: Sendable where Layer: Sendable {}
extension Bidirectional.Cache: Sendable where Layer.Cache: Sendable {}
extension Bidirectional.States: Sendable where Layer.State: Sendable {}
extension Bidirectional.ShortRowGroup: Sendable where Layer.Cache: Sendable {}
