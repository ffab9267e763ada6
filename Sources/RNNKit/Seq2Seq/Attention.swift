#if canImport(Glibc)
    import Glibc
#endif

/// Attention of one query over a sequence of keys: Luong's "general" (bilinear) score.
///
///     u     = q W_aᵀ                                (batch × keySize)    the query, in key space
///     e_j   = u · k_j                               one score per input position j
///     a     = softmax(e) over the real positions    weights ≥ 0 that sum to 1; 0 on padding
///     c     = Σ_j a_j k_j                           (batch × keySize)    the context
///
/// The query q is the decoder's state at one output step, the keys k_j are the encoder's outputs,
/// one per input character, and the context c is what the decoder reads from the input at that
/// step: a weighted average of the encoder's outputs, the weights chosen by the decoder.
///
/// **Why this score.** Bahdanau's additive score v·tanh(W q + U k_j) needs a hidden layer per
/// (query, key) pair and is computed from the previous decoder state, before the step. The
/// bilinear score is one product per pair, lets query and keys have different sizes (a decoder
/// of 64 units reading a bidirectional encoder of 2 × 32), and is computed *after* the decoder
/// step (Luong's order), so the decoder's recurrence never waits for attention: with teacher
/// forcing the whole decoder sequence is one call of the recurrent layer, and attention follows
/// at every step. It is also the score the Transformer kept (scaled by 1/√d, with separate
/// projections of keys and values).
///
/// **Masking.** Row b has `lengths[b]` real positions; the others are padding. Their scores are
/// left out of the softmax (as if e_j = −∞), so their weights are exactly zero and nothing about
/// a padded key, its value or its gradient, can reach the context.
public struct Attention: Parameterized, Sendable {
    /// W_a, the bilinear form, `(keySize × querySize)`: u = q W_aᵀ carries the query into key space.
    public var weight: Matrix

    /// Features of a query (the decoder's state).
    public var querySize: Int { weight.cols }
    /// Features of a key (the encoder's output).
    public var keySize: Int { weight.rows }

    /// W_a uniform in ±1/√querySize (PyTorch's initialization of `nn.Linear(querySize, keySize, bias=False)`).
    public init(querySize: Int, keySize: Int, using rng: inout RandomSource) {
        let k = 1 / Double(querySize).squareRoot()
        weight = .uniform(keySize, querySize, -k, k, using: &rng)
    }

    /// Attention with a given W_a `(keySize × querySize)`.
    public init(weight: Matrix) { self.weight = weight }

    /// `[weight]`.
    public var parameters: [Matrix] {
        get { [weight] }
        set {
            guard newValue.count == 1, newValue[0].shape == weight.shape else {
                shapeError("Attention.parameters: expected [\(weight.shapeDescription)], got \(newValue.map(\.shapeDescription))")
            }
            weight = newValue[0]
        }
    }

    /// `["weight"]`.
    public var parameterNames: [String] { ["weight"] }

    /// What `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// q, `(batch × querySize)`.
        public let query: Matrix
        /// u = q W_aᵀ, `(batch × keySize)`.
        public let projected: Matrix
        /// The keys k_j, each `(batch × keySize)`.
        public let keys: [Matrix]
        /// a, `(batch × positions)`: row b is example b's weights over its input.
        public let weights: Matrix
    }

    // MARK: - Forward

    /// Attends from `query` `(batch × querySize)` over `keys` (one `(batch × keySize)` per
    /// position), row b over its first `lengths[b]` positions (all when `nil`).
    ///
    /// - Returns: the context `(batch × keySize)`, the weights `(batch × positions)` (zero on
    ///   padding) and the cache.
    public func forward(query: Matrix, keys: [Matrix], lengths: [Int]? = nil) -> (context: Matrix, weights: Matrix, cache: Cache) {
        let batch = query.rows, n = keys.count, d = keySize
        guard query.cols == querySize, n > 0 else {
            shapeError("Attention(query: \(querySize), key: \(keySize)).forward: query \(query.shapeDescription), \(n) keys")
        }
        for k in keys where k.shape != (batch, d) {
            shapeError("Attention.forward: key \(k.shapeDescription), expected (\(batch)×\(d))")
        }
        let lengths = lengths ?? Array(repeating: n, count: batch)
        checkLengths(lengths, steps: n, batch: batch, "Attention.forward")
        let u = Matrix.gemm(query, weight, transposeB: true)  // u = q W_aᵀ: (batch × keySize)
        let k = Matrix.vstack(keys).storage  // k_j row b at (j·batch + b)·d: one flat array, read in place
        var a = Matrix(rows: batch, cols: n)  // the weights; padded positions stay 0
        var context = Matrix(rows: batch, cols: d)
        for b in 0..<batch {
            // e_j = u_b · k_j,b over the real positions only
            var scores = [Double](repeating: 0, count: lengths[b])
            for j in 0..<lengths[b] {
                var e = 0.0
                for i in 0..<d { e += u.storage[b * d + i] * k[(j * batch + b) * d + i] }
                scores[j] = e
            }
            // a = softmax(e), shifted by the largest score so that nothing overflows
            let m = scores.max()!
            var total = 0.0
            for j in scores.indices {
                scores[j] = exp(scores[j] - m)
                total += scores[j]
            }
            // c_b = Σ_j a_j k_j,b
            for j in scores.indices {
                let aj = scores[j] / total
                a.storage[b * n + j] = aj
                for i in 0..<d { context.storage[b * d + i] += aj * k[(j * batch + b) * d + i] }
            }
        }
        return (context, a, Cache(query: query, projected: u, keys: keys, weights: a))
    }

    // MARK: - Backward

    /// Backpropagation from ∂L/∂c `(batch × keySize)`.
    ///
    /// - Returns: ∂L/∂W_a, ∂L/∂q `(batch × querySize)` and ∂L/∂k_j for every position (zero on padding).
    public func backward(_ dContext: Matrix, cache: Cache) -> (parameters: Gradients, query: Matrix, keys: [Matrix]) {
        let batch = cache.query.rows, n = cache.keys.count, d = keySize
        guard dContext.shape == (batch, d) else {
            shapeError("Attention.backward: dContext \(dContext.shapeDescription), context is (\(batch)×\(d))")
        }
        let a = cache.weights, u = cache.projected
        let k = Matrix.vstack(cache.keys).storage  // k_j row b at (j·batch + b)·d
        var dk = [Double](repeating: 0, count: n * batch * d)  // ∂L/∂k_j, laid out the same way
        var du = Matrix(rows: batch, cols: d)
        var da = [Double](repeating: 0, count: n)
        for b in 0..<batch {
            // through c = Σ_j a_j k_j: ∂L/∂a_j = dc · k_j, and ∂L/∂k_j gets a_j dc
            var mean = 0.0  // Σ_i a_i ∂L/∂a_i
            for j in 0..<n {
                let aj = a.storage[b * n + j]
                da[j] = 0
                if aj == 0 { continue }  // padding (or a weight that underflowed): no gradient either way
                let row = (j * batch + b) * d
                var s = 0.0
                for i in 0..<d {
                    s += dContext.storage[b * d + i] * k[row + i]
                    dk[row + i] += aj * dContext.storage[b * d + i]
                }
                da[j] = s
                mean += aj * s
            }
            // through the softmax: ∂L/∂e_j = a_j (∂L/∂a_j − Σ_i a_i ∂L/∂a_i); zero where a_j = 0
            for j in 0..<n {
                let aj = a.storage[b * n + j]
                if aj == 0 { continue }
                let de = aj * (da[j] - mean)
                let row = (j * batch + b) * d
                // through e_j = u · k_j: ∂L/∂u += de k_j, ∂L/∂k_j += de u
                for i in 0..<d {
                    du.storage[b * d + i] += de * k[row + i]
                    dk[row + i] += de * u.storage[b * d + i]
                }
            }
        }
        let dKeys = (0..<n).map { Matrix(rows: batch, cols: d, Array(dk[($0 * batch * d)..<(($0 + 1) * batch * d)])) }
        // through u = q W_aᵀ
        let dW = Matrix.gemm(du, cache.query, transposeA: true)  // ∂L/∂W_a = duᵀ q: (keySize × querySize)
        let dq = Matrix.gemm(du, weight)  // ∂L/∂q = du W_a: (batch × querySize)
        return (Gradients([dW]), dq, dKeys)
    }
}
