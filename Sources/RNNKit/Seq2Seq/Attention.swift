#if canImport(Glibc)
    import Glibc
#endif

/// Attention of one query over a sequence of keys, with one of four scores.
///
///     e_j   = score(q, k_j)                         one raw score per input position j
///     a     = softmax(e) over the real positions    weights ≥ 0 that sum to 1; 0 on padding
///     c     = Σ_j a_j k_j                           (batch × keySize)    the context
///
/// The query q is the decoder's state at one output step, the keys k_j are the encoder's outputs,
/// one per input character, and the context c is what the decoder reads from the input at that
/// step: a weighted average of the encoder's outputs, the weights chosen by the decoder.
///
/// **The scores** (`Score`), with PyTorch's layouts for their weights:
///
///     dot         e_j = q · k_j                         no parameters; querySize = keySize
///     scaledDot   e_j = q · k_j / √d                    d = keySize; the Transformer's score
///     general     e_j = (q W_aᵀ) · k_j                  W_a (keySize × querySize): Luong's bilinear
///     additive    e_j = v · tanh(q Wᵀ + k_j Uᵀ)         W (A × querySize), U (A × keySize), v (1 × A): Bahdanau's
///
/// W_a is the weight of `nn.Linear(querySize, keySize, bias=False)`; W, U and v those of
/// `nn.Linear(querySize, A)`, `nn.Linear(keySize, A)` and `nn.Linear(A, 1)`, all without bias, as
/// in Bahdanau et al. Each is drawn uniform in ±1/√(its input size), PyTorch's default.
///
/// **Why √d.** With independent components of variance 1, q · k_j is a sum of d products of
/// variance 1: its variance is d. Scores that spread over ±√d make the softmax nearly one-hot
/// for large d, where its gradient almost vanishes; dividing by √d gives the scores variance 1
/// whatever d.
///
/// **Where the query comes from.** Every score here is computed from the decoder's state *after*
/// its step (Luong's order), so the decoder's recurrence never waits for attention: with teacher
/// forcing the whole decoder sequence is one call of the recurrent layer. Bahdanau computed his
/// additive score from the state before the step; here it is used in Luong's position.
///
/// **Masking.** Row b has `lengths[b]` real positions; the others are padding. Their scores are
/// left out of the softmax (reported as −∞, as PyTorch's `masked_fill(mask, -inf)` leaves them),
/// so their weights are exactly zero and nothing about a padded key, its value or its gradient,
/// can reach the context.
public struct Attention: Parameterized, Sendable {
    /// How a query and a key make a score.
    public enum Score: Sendable, Equatable, CustomStringConvertible {
        /// e_j = q · k_j.
        case dot
        /// e_j = q · k_j / √d.
        case scaledDot
        /// e_j = (q W_aᵀ) · k_j.
        case general
        /// e_j = v · tanh(q Wᵀ + k_j Uᵀ), with `size` hidden units (A).
        case additive(size: Int)

        /// The name used in tables: "dot", "scaled dot", "general", "additive".
        public var description: String {
            switch self {
            case .dot: "dot"
            case .scaledDot: "scaled dot"
            case .general: "general"
            case .additive: "additive"
            }
        }
    }

    /// The score.
    public let score: Score
    /// Features of a query (the decoder's state).
    public let querySize: Int
    /// Features of a key (the encoder's output).
    public let keySize: Int
    /// The score's weights: none (dot, scaled dot), `[W_a]` (general) or `[W, U, v]` (additive).
    private var weights: [Matrix]

    /// W_a `(keySize × querySize)` of the general score: u = q W_aᵀ carries the query into key space.
    public var weight: Matrix { weights[0] }
    /// W `(A × querySize)` of the additive score: the query's part of the hidden layer.
    public var queryWeight: Matrix { weights[0] }
    /// U `(A × keySize)` of the additive score: the key's part of the hidden layer.
    public var keyWeight: Matrix { weights[1] }
    /// v `(1 × A)` of the additive score: reads one number off the hidden layer.
    public var scoreWeight: Matrix { weights[2] }

    /// Attention with the given score, its weights drawn uniform in ±1/√(input size) (PyTorch's
    /// initialization of a `Linear` without bias). Dot and scaled-dot scores need
    /// `querySize == keySize`.
    public init(querySize: Int, keySize: Int, score: Score = .general, using rng: inout RandomSource) {
        self.querySize = querySize
        self.keySize = keySize
        self.score = score
        func linear(_ input: Int, _ output: Int) -> Matrix {
            let k = 1 / Double(input).squareRoot()
            return .uniform(output, input, -k, k, using: &rng)
        }
        switch score {
        case .dot, .scaledDot:
            guard querySize == keySize else {
                shapeError("Attention(\(score)): query size \(querySize) and key size \(keySize) must be equal")
            }
            weights = []
        case .general:
            weights = [linear(querySize, keySize)]
        case .additive(let a):
            weights = [linear(querySize, a), linear(keySize, a), linear(a, 1)]
        }
    }

    /// Attention with the general score and a given W_a `(keySize × querySize)`.
    public init(weight: Matrix) {
        score = .general
        querySize = weight.cols
        keySize = weight.rows
        weights = [weight]
    }

    /// The score's weights: `[]`, `[W_a]` or `[W, U, v]`.
    public var parameters: [Matrix] {
        get { weights }
        set {
            guard newValue.count == weights.count, zip(newValue, weights).allSatisfy({ $0.shape == $1.shape }) else {
                shapeError(
                    "Attention.parameters: expected \(weights.map(\.shapeDescription)), got \(newValue.map(\.shapeDescription))")
            }
            weights = newValue
        }
    }

    /// `[]`, `["weight"]` (general) or `["W.weight", "U.weight", "v.weight"]` (additive).
    public var parameterNames: [String] {
        switch score {
        case .dot, .scaledDot: []
        case .general: ["weight"]
        case .additive: ["W.weight", "U.weight", "v.weight"]
        }
    }

    // MARK: - Forward

    /// Attends from `query` `(batch × querySize)` over `keys` (one `(batch × keySize)` per
    /// position), row b over its first `lengths[b]` positions (all when `nil`).
    ///
    /// - Returns: the context `(batch × keySize)`; the weights a `(batch × positions)` (zero on
    ///   padding); the raw scores e `(batch × positions)` (−∞ on padding), the logits of the
    ///   softmax; and the cache.
    public func forward(query: Matrix, keys: [Matrix], lengths: [Int]? = nil)
        -> (context: Matrix, weights: Matrix, scores: Matrix, cache: Cache)
    {
        guard query.cols == querySize, !keys.isEmpty else {
            shapeError("Attention(query: \(querySize), key: \(keySize)).forward: query \(query.shapeDescription), \(keys.count) keys")
        }
        return forward(query: query, keys: prepare(keys), lengths: lengths)
    }

    /// The same, over keys prepared once for the whole sequence (`prepare`): what a decoder
    /// calls at every output step.
    public func forward(query: Matrix, keys prepared: Keys, lengths: [Int]? = nil)
        -> (context: Matrix, weights: Matrix, scores: Matrix, cache: Cache)
    {
        let batch = query.rows, n = prepared.count, d = keySize
        guard query.cols == querySize, n > 0, prepared.batch == batch, prepared.stacked.cols == d else {
            shapeError(
                "Attention(query: \(querySize), key: \(keySize)).forward: query \(query.shapeDescription), \(n) keys of "
                    + (prepared.keys.first?.shapeDescription ?? "(none)"))
        }
        let lengths = lengths ?? Array(repeating: n, count: batch)
        checkLengths(lengths, steps: n, batch: batch, "Attention.forward")
        let k = prepared.stacked.storage  // k_j row b at row j·batch + b: (n·batch × keySize)
        var e = Matrix(rows: batch, cols: n, repeating: -.infinity)  // the raw scores; padding stays −∞
        var u = Matrix(rows: 0, cols: 0), hidden = Matrix(rows: 0, cols: 0)
        switch score {
        case .dot, .scaledDot, .general:
            switch score {
            case .dot: u = query
            case .scaledDot: u = query / Double(d).squareRoot()  // u = q / √d: (batch × keySize)
            default: u = Matrix.gemm(query, weights[0], transposeB: true)  // u = q W_aᵀ: (batch × keySize)
            }
            for b in 0..<batch {
                for j in 0..<lengths[b] {  // e_j = u_b · k_j,b over the real positions only
                    var s = 0.0
                    for i in 0..<d { s += u.storage[b * d + i] * k[(j * batch + b) * d + i] }
                    e.storage[b * n + j] = s
                }
            }
        case .additive(let a):
            guard prepared.projected.shape == (n * batch, a) else {
                shapeError("Attention(additive, A = \(a)).forward: keys prepared without k Uᵀ (\(prepared.projected.shapeDescription))")
            }
            let qW = Matrix.gemm(query, weights[0], transposeB: true)  // q Wᵀ: (batch × A)
            hidden = prepared.projected  // k_j Uᵀ, prepared once per sequence: (n·batch × A)
            let v = weights[2].storage
            for j in 0..<n {
                for b in 0..<batch {
                    let row = (j * batch + b) * a
                    var s = 0.0
                    for i in 0..<a {
                        let m = tanh(qW.storage[b * a + i] + hidden.storage[row + i])  // tanh(q Wᵀ + k_j Uᵀ)
                        hidden.storage[row + i] = m
                        s += v[i] * m  // e_j = v · m_j
                    }
                    if j < lengths[b] { e.storage[b * n + j] = s }
                }
            }
        }
        let weights = maskedSoftmax(e, lengths: lengths)  // a: (batch × positions), 0 on padding
        var context = Matrix(rows: batch, cols: d)
        for b in 0..<batch {
            for j in 0..<lengths[b] {  // c_b = Σ_j a_j k_j,b
                let aj = weights.storage[b * n + j]
                for i in 0..<d { context.storage[b * d + i] += aj * k[(j * batch + b) * d + i] }
            }
        }
        return (context, weights, e, Cache(query: query, projected: u, prepared: prepared, weights: weights, hidden: hidden))
    }

    // MARK: - Backward

    /// Backpropagation from ∂L/∂c `(batch × keySize)` and, optionally, from ∂L/∂a
    /// `(batch × positions)`: a loss may be put on the attention weights themselves (a
    /// supervised alignment, a penalty on their entropy), and its gradient joins the context's.
    /// ∂L/∂a at padded positions is ignored: those weights are 0 whatever the parameters.
    ///
    /// - Returns: the score's weight gradients (in `parameters` order), ∂L/∂q `(batch × querySize)`
    ///   and ∂L/∂k_j for every position (zero on padding).
    public func backward(_ dContext: Matrix, dWeights: Matrix? = nil, cache: Cache)
        -> (parameters: Gradients, query: Matrix, keys: [Matrix])
    {
        let batch = cache.query.rows, n = cache.keys.count, d = keySize
        guard dContext.shape == (batch, d) else {
            shapeError("Attention.backward: dContext \(dContext.shapeDescription), context is (\(batch)×\(d))")
        }
        if let dWeights, dWeights.shape != (batch, n) {
            shapeError("Attention.backward: dWeights \(dWeights.shapeDescription), weights are (\(batch)×\(n))")
        }
        let a = cache.weights
        let k = cache.prepared.stacked.storage  // k_j row b at (j·batch + b)·d
        var dk = [Double](repeating: 0, count: n * batch * d)  // ∂L/∂k_j, laid out the same way
        var de = Matrix(rows: batch, cols: n)  // ∂L/∂e
        var da = [Double](repeating: 0, count: n)
        for b in 0..<batch {
            // through c = Σ_j a_j k_j: ∂L/∂a_j = dc · k_j (plus the given ∂L/∂a_j), and ∂L/∂k_j gets a_j dc
            var mean = 0.0  // Σ_i a_i ∂L/∂a_i
            for j in 0..<n {
                let aj = a.storage[b * n + j]
                da[j] = 0
                if aj == 0 { continue }  // padding (or a weight that underflowed): no gradient either way
                let row = (j * batch + b) * d
                var s = dWeights?.storage[b * n + j] ?? 0
                for i in 0..<d {
                    s += dContext.storage[b * d + i] * k[row + i]
                    dk[row + i] += aj * dContext.storage[b * d + i]
                }
                da[j] = s
                mean += aj * s
            }
            // through the softmax: ∂L/∂e_j = a_j (∂L/∂a_j − Σ_i a_i ∂L/∂a_i); zero where a_j = 0
            for j in 0..<n { de.storage[b * n + j] = a.storage[b * n + j] * (da[j] - mean) }
        }
        var dq: Matrix
        var grads: [Matrix] = []
        switch score {
        case .dot, .scaledDot, .general:
            // through e_j = u · k_j: ∂L/∂u = Σ_j ∂L/∂e_j k_j, ∂L/∂k_j += ∂L/∂e_j u
            let u = cache.projected
            var du = Matrix(rows: batch, cols: d)
            for b in 0..<batch {
                for j in 0..<n {
                    let dej = de.storage[b * n + j]
                    if dej == 0 { continue }
                    let row = (j * batch + b) * d
                    for i in 0..<d {
                        du.storage[b * d + i] += dej * k[row + i]
                        dk[row + i] += dej * u.storage[b * d + i]
                    }
                }
            }
            switch score {
            case .dot: dq = du  // u = q
            case .scaledDot: dq = du / Double(d).squareRoot()  // through u = q / √d
            default:
                // through u = q W_aᵀ
                grads = [Matrix.gemm(du, cache.query, transposeA: true)]  // ∂L/∂W_a = duᵀ q: (keySize × querySize)
                dq = Matrix.gemm(du, weights[0])  // ∂L/∂q = du W_a: (batch × querySize)
            }
        case .additive(let A):
            // through e_j = v · m_j: ∂L/∂v = Σ ∂L/∂e_j m_j; then through m = tanh(·): ∂L/∂pre = ∂L/∂e_j v ⊙ (1 − m²)
            let m = cache.hidden, v = weights[2].storage
            var dv = Matrix(rows: 1, cols: A)
            var dPre = Matrix(rows: n * batch, cols: A)  // ∂L/∂(q Wᵀ + k_j Uᵀ), row j·batch + b
            var dqW = Matrix(rows: batch, cols: A)  // ∂L/∂(q Wᵀ): every position's share
            for j in 0..<n {
                for b in 0..<batch {
                    let dej = de.storage[b * n + j]
                    if dej == 0 { continue }
                    let row = (j * batch + b) * A
                    for i in 0..<A {
                        let mi = m.storage[row + i]
                        dv.storage[i] += dej * mi
                        let g = dej * v[i] * (1 - mi * mi)
                        dPre.storage[row + i] = g
                        dqW.storage[b * A + i] += g
                    }
                }
            }
            // through k_j Uᵀ: ∂L/∂U = Σ_j ∂L/∂pre_jᵀ k_j, ∂L/∂k_j += ∂L/∂pre_j U
            let dU = Matrix.gemm(dPre, cache.prepared.stacked, transposeA: true)  // (A × keySize)
            let dkU = Matrix.gemm(dPre, weights[1])  // (n·batch × keySize)
            for i in dk.indices { dk[i] += dkU.storage[i] }
            // through q Wᵀ: ∂L/∂W = ∂L/∂(qWᵀ)ᵀ q, ∂L/∂q = ∂L/∂(qWᵀ) W
            let dW = Matrix.gemm(dqW, cache.query, transposeA: true)  // (A × querySize)
            dq = Matrix.gemm(dqW, weights[0])  // (batch × querySize)
            grads = [dW, dU, dv]
        }
        let dKeys = (0..<n).map { Matrix(rows: batch, cols: d, Array(dk[($0 * batch * d)..<(($0 + 1) * batch * d)])) }
        return (Gradients(grads), dq, dKeys)
    }
}
