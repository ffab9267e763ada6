/// The decoder of a sequence-to-sequence model: a GRU that writes the output one token at a time,
/// optionally reading the encoder's outputs through attention.
///
///     s_t = GRU(x_t, s_{t-1})          x_t: the previous output token, s_{-1}: the encoder's summary
///     c_t = attention(s_t; k_0 … k_{n-1})                       (only with attention)
///     z_t = [s_t ; c_t] W_outᵀ + b_out                          scores of the next token
///
/// It runs in two ways.
///
/// - **Teacher forcing** (`forward`): in training, the inputs x_t are the *correct* previous
///   tokens, all known in advance, so the GRU runs over the whole output sequence in one call,
///   and the loss at every step is the cross-entropy of z_t against the correct token. `backward`
///   is backpropagation through this teacher-forced sequence.
/// - **One step at a time** (`step`): at test time the correct tokens are unknown; the decoder's
///   own choice at step t becomes x_{t+1} (greedy decoding, beam search, free running).
///
/// Both compute the same function: `step` fed the teacher's tokens gives `forward`'s scores (a
/// test holds them equal).
public struct Decoder: Parameterized, Sendable {
    /// The recurrent layer, reading one input token (as a vector) per step.
    public var gru: GRU
    /// Attention over the encoder's outputs, or `nil` for the plain encoder-decoder.
    public var attention: Attention?
    /// The output layer, `[s ; c] → scores of every token`.
    public var head: Linear

    /// Features of the state s.
    public var hiddenSize: Int { gru.hiddenSize }
    /// Features of an input x_t.
    public var inputSize: Int { gru.inputSize }
    /// Number of output tokens.
    public var vocabularySize: Int { head.outputSize }

    /// A decoder with PyTorch's initialization, drawn GRU, attention, head.
    ///
    /// - Parameters:
    ///   - inputSize: features of an input token vector.
    ///   - hiddenSize: features of the state (must equal the encoder's summary, which starts it).
    ///   - vocabularySize: number of output tokens.
    ///   - keySize: features of the encoder's outputs for attention, or `nil` for none.
    ///   - score: the attention's score (Luong's general, bilinear score by default).
    public init(
        inputSize: Int, hiddenSize: Int, vocabularySize: Int, keySize: Int?, score: Attention.Score = .general,
        using rng: inout RandomSource
    ) {
        gru = GRU(inputSize: inputSize, hiddenSize: hiddenSize, using: &rng)
        attention = keySize.map { Attention(querySize: hiddenSize, keySize: $0, score: score, using: &rng) }
        head = Linear(inputSize: hiddenSize + (keySize ?? 0), outputSize: vocabularySize, using: &rng)
    }

    /// The GRU's parameters, then the attention's (if any), then the head's.
    public var parameters: [Matrix] {
        get { gru.parameters + (attention?.parameters ?? []) + head.parameters }
        set {
            let a = attention?.parameters.count ?? 0
            guard newValue.count == 4 + a + 2 else {
                shapeError("Decoder.parameters: got \(newValue.count) matrices for \(4 + a + 2) parameters")
            }
            gru.parameters = Array(newValue[0..<4])
            attention?.parameters = Array(newValue[4..<(4 + a)])
            head.parameters = Array(newValue[(4 + a)...])
        }
    }

    /// `gru.…`, `attention.…` (its score's weights), `head.weight`, `head.bias`.
    public var parameterNames: [String] {
        gru.parameterNames.map { "gru." + $0 } + (attention?.parameterNames.map { "attention." + $0 } ?? [])
            + ["head.weight", "head.bias"]
    }

    /// What the teacher-forced `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// The GRU's cache.
        public let gru: GRUCache
        /// The attention's cache at every step (empty without attention).
        public let attention: [Attention.Cache]
        /// [s_t ; c_t] of every step, stacked: `(T·batch × features)`.
        public let features: Matrix
        /// Number of encoder positions (for the shape of ∂L/∂keys).
        public let keyCount: Int
    }

    // MARK: - Teacher-forced forward

    /// Runs the decoder over the whole teacher-forced input sequence.
    ///
    /// - Parameters:
    ///   - xs: the inputs x_t, each `(batch × input)`: the start token, then the correct tokens.
    ///   - initial: s_{-1}, `(batch × hidden)`.
    ///   - keys: the encoder's outputs (one `(batch × keySize)` per input position) when there is
    ///     attention, else ignored.
    ///   - lengths: each row's number of real input positions (`nil`: all).
    /// - Returns: the scores z_t `(batch × vocabulary)` of every step, the attention weights of
    ///   every step `(batch × positions)` (empty without attention), and the cache.
    public func forward(_ xs: [Matrix], initial: Matrix, keys: [Matrix] = [], lengths: [Int]? = nil)
        -> (logits: [Matrix], weights: [Matrix], cache: Cache)
    {
        let batch = initial.rows
        let (ss, _, gruCache) = gru.forward(xs, initial: initial)  // s_t for every step, one call: (batch × hidden) each
        var parts: [Matrix] = [], weights: [Matrix] = [], attentionCaches: [Attention.Cache] = []
        let prepared = attention?.prepare(keys)  // the keys, stacked (and projected) once for every step
        for s in ss {
            if let attention, let prepared {
                let (c, a, _, cache) = attention.forward(query: s, keys: prepared, lengths: lengths)  // c_t: (batch × keySize)
                parts.append(Matrix.hstack([s, c]))  // [s_t ; c_t]
                weights.append(a)
                attentionCaches.append(cache)
            } else {
                parts.append(s)
            }
        }
        let features = Matrix.vstack(parts)  // every step's [s ; c]: (T·batch × features)
        let z = head.forward(features)  // (T·batch × vocabulary)
        let logits = xs.indices.map { z.rows(($0 * batch)..<(($0 + 1) * batch)) }
        return (logits, weights, Cache(gru: gruCache, attention: attentionCaches, features: features, keyCount: keys.count))
    }

    // MARK: - Backward through the teacher-forced sequence

    /// Backpropagation from ∂L/∂z_t of every step and, optionally, from ∂L/∂a_t, a gradient for
    /// every step's attention weights `(batch × positions)` (a loss put on the weights themselves).
    ///
    /// - Returns: gradients in `parameters` order, ∂L/∂s_{-1} (which flows into the encoder's
    ///   summary), and ∂L/∂k_j for every encoder position (empty without attention).
    public func backward(_ dLogits: [Matrix], dWeights: [Matrix]? = nil, cache: Cache)
        -> (parameters: Gradients, initial: Matrix, keys: [Matrix])
    {
        let steps = dLogits.count, batch = cache.gru.batch, h = hiddenSize
        let (headGrads, dFeatures) = head.backward(Matrix.vstack(dLogits), input: cache.features)  // through the head: (T·batch × features)
        var dss: [Matrix] = []
        var dKeys: [Matrix] = []
        var dAttention = attention.map { Gradients.zeros(like: $0.parameters) }
        for t in 0..<steps {
            let dF = dFeatures.rows((t * batch)..<((t + 1) * batch))  // ∂L/∂[s_t ; c_t]
            var ds = dF.columns(0..<h)  // ∂L/∂s_t, directly into the head
            if let attention {
                let dc = dF.columns(h..<dF.cols)  // ∂L/∂c_t
                let g = attention.backward(dc, dWeights: dWeights?[t], cache: cache.attention[t])  // through the attention
                ds += g.query  // s_t was the query
                for i in dAttention!.values.indices { dAttention!.values[i] += g.parameters.values[i] }
                if dKeys.isEmpty { dKeys = g.keys } else { for j in dKeys.indices { dKeys[j] += g.keys[j] } }  // every step reads every key
            }
            dss.append(ds)
        }
        let g = gru.backward(dss, dFinal: nil, cache: cache.gru)  // BPTT through the decoder's steps
        let attentionGrads = dAttention?.values ?? []
        return (Gradients(g.parameters.values + attentionGrads + headGrads.values), g.initial, dKeys)
    }

    // MARK: - One step

    /// One step: reads x `(batch × input)` from state s `(batch × hidden)`.
    ///
    /// - Returns: the scores z `(batch × vocabulary)`, the new state, and the attention weights
    ///   `(batch × positions)` (`nil` without attention).
    public func step(_ x: Matrix, state: Matrix, keys: [Matrix] = [], lengths: [Int]? = nil)
        -> (logits: Matrix, state: Matrix, weights: Matrix?)
    {
        step(x, state: state, prepared: attention?.prepare(keys), lengths: lengths)
    }

    /// The same step over keys prepared once for the whole output (`Attention.prepare`), as
    /// greedy decoding, beam search and scheduled sampling call it; `nil` without attention.
    public func step(_ x: Matrix, state: Matrix, prepared: Attention.Keys?, lengths: [Int]? = nil)
        -> (logits: Matrix, state: Matrix, weights: Matrix?)
    {
        let (_, s, _) = gru.forward([x], initial: state)  // s_t = GRU(x_t, s_{t-1})
        guard let attention else { return (head.forward(s), s, nil) }
        guard let prepared else { shapeError("Decoder.step: the decoder attends, and no keys were given") }
        let (c, a, _, _) = attention.forward(query: s, keys: prepared, lengths: lengths)  // c_t
        return (head.forward(Matrix.hstack([s, c])), s, a)  // z_t = [s_t ; c_t] W_outᵀ + b_out
    }
}
