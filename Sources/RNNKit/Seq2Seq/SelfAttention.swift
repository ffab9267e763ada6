/// One layer of single-head self-attention over a sequence, with positional encodings and a
/// residual connection: every position reads every other position directly, with no recurrence.
///
///     z_t   = x_t W_inᵀ + b_in + P[t]                 (batch × d)   the input, embedded, plus its position
///     q_t   = z_t W_qᵀ,  k_t = z_t W_kᵀ,  v_t = z_t W_vᵀ            (batch × d) each
///     e_tj  = q_t · k_j / √d                           over the row's real positions j
///     a_t   = softmax_j(e_tj)                          weights over the positions
///     h_t   = z_t + Σ_j a_tj v_j                       (batch × d)   residual: the input plus what it read
///
/// The score is the scaled dot product of `Attention` (`.scaledDot`) between the projected
/// positions: the Transformer's attention with one head, and without its feed-forward layer and
/// normalisation. P is `positionalEncoding`; without it the layer could not tell positions apart.
///
/// As an encoder of padded batches (`SequenceEncoder`), row b attends over its first `lengths[b]`
/// positions only; outputs at padded positions are zero, and `last` is h at each row's last real
/// position. Weights follow PyTorch's `Linear` layouts: W_in `(d × input)`, b_in `(1 × d)`, W_q,
/// W_k, W_v `(d × d)`, each uniform in ±1/√(its input size).
public struct SelfAttention: SequenceEncoder, Sendable {
    /// W_in, `(d × input)`: embeds an input vector (a one-hot token picks a column).
    public var inputWeight: Matrix
    /// b_in, `(1 × d)`.
    public var inputBias: Matrix
    /// W_q, `(d × d)`: the queries.
    public var queryWeight: Matrix
    /// W_k, `(d × d)`: the keys.
    public var keyWeight: Matrix
    /// W_v, `(d × d)`: the values.
    public var valueWeight: Matrix
    /// Whether P[t] is added to the inputs (`true`, the default). Without it the layer cannot tell
    /// positions apart: permuting a sequence permutes its outputs the same way.
    public var addsPositions = true

    /// Features per step of the input.
    public var inputSize: Int { inputWeight.cols }
    /// d, features per step of the output (the model size).
    public var outputSize: Int { inputWeight.rows }

    /// A layer of model size `size` (even, for the positional encodings), PyTorch's initialization.
    public init(inputSize: Int, size: Int, using rng: inout RandomSource) {
        guard size % 2 == 0 else { shapeError("SelfAttention: size \(size) must be even") }
        let kIn = 1 / Double(inputSize).squareRoot(), k = 1 / Double(size).squareRoot()
        inputWeight = .uniform(size, inputSize, -kIn, kIn, using: &rng)
        inputBias = .uniform(1, size, -kIn, kIn, using: &rng)
        queryWeight = .uniform(size, size, -k, k, using: &rng)
        keyWeight = .uniform(size, size, -k, k, using: &rng)
        valueWeight = .uniform(size, size, -k, k, using: &rng)
    }

    /// `[W_in, b_in, W_q, W_k, W_v]`.
    public var parameters: [Matrix] {
        get { [inputWeight, inputBias, queryWeight, keyWeight, valueWeight] }
        set {
            let old = parameters
            guard newValue.count == 5, zip(newValue, old).allSatisfy({ $0.shape == $1.shape }) else {
                shapeError("SelfAttention.parameters: expected \(old.map(\.shapeDescription)), got \(newValue.map(\.shapeDescription))")
            }
            (inputWeight, inputBias) = (newValue[0], newValue[1])
            (queryWeight, keyWeight, valueWeight) = (newValue[2], newValue[3], newValue[4])
        }
    }

    public var parameterNames: [String] { ["input.weight", "input.bias", "query.weight", "key.weight", "value.weight"] }

    /// What `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// The inputs x_t stacked time-major, row t·batch + b: `(T·batch × input)`.
        public let x: Matrix
        /// z, q, k, v, stacked the same way: `(T·batch × d)` each.
        public let z: Matrix, q: Matrix, k: Matrix, v: Matrix
        /// The weights a: `weights[b]` is row b's `(T × T)` matrix, row t over the positions j (0 beyond its length).
        public let weights: [Matrix]
        /// Each row's length.
        public let lengths: [Int]
    }

    // MARK: - Forward

    /// Reads `xs` (each `(batch × input)`), row b over its first `lengths[b]` steps (all if `nil`).
    ///
    /// - Returns: h_t for every step `(batch × d)` (zero at padded positions), h at each row's last
    ///   real step, and the cache (whose `weights` are the attention maps).
    public func forward(_ xs: [Matrix], lengths: [Int]? = nil) -> (hs: [Matrix], last: Matrix, cache: Cache) {
        guard let batch = xs.first?.rows else { fatalError("SelfAttention.forward: an empty sequence") }
        let steps = xs.count, d = outputSize
        let lengths = lengths ?? Array(repeating: steps, count: batch)
        checkLengths(lengths, steps: steps, batch: batch, "SelfAttention.forward")
        let x = Matrix.vstack(xs)  // (T·batch × input)
        var z = Matrix.gemm(x, inputWeight, transposeB: true)  // x W_inᵀ: (T·batch × d)
        let p = positionalEncoding(positions: steps, size: d)
        for t in 0..<steps {
            for b in 0..<batch {
                for i in 0..<d { z[t * batch + b, i] += inputBias[0, i] + (addsPositions ? p[t, i] : 0) }  // + b_in + P[t]
            }
        }
        let q = Matrix.gemm(z, queryWeight, transposeB: true)  // (T·batch × d)
        let k = Matrix.gemm(z, keyWeight, transposeB: true)
        let v = Matrix.gemm(z, valueWeight, transposeB: true)
        let scale = 1 / Double(d).squareRoot()
        var h = z  // the residual path
        var weights: [Matrix] = []
        for b in 0..<batch {
            let n = lengths[b]
            var e = Matrix(rows: steps, cols: steps)
            for t in 0..<n {
                for j in 0..<n {  // e_tj = q_t · k_j / √d
                    var s = 0.0
                    for i in 0..<d { s += q[t * batch + b, i] * k[j * batch + b, i] }
                    e[t, j] = s * scale
                }
            }
            let a = maskedSoftmax(e, lengths: Array(repeating: n, count: steps))  // row t over j < n
            for t in 0..<steps {
                if t >= n {
                    for i in 0..<d { h[t * batch + b, i] = 0 }  // padding: zero output
                    continue
                }
                for j in 0..<n {  // h_t = z_t + Σ_j a_tj v_j
                    let atj = a[t, j]
                    for i in 0..<d { h[t * batch + b, i] += atj * v[j * batch + b, i] }
                }
            }
            weights.append(zeroRows(a, from: n))
        }
        let hs = (0..<steps).map { h.rows(($0 * batch)..<(($0 + 1) * batch)) }
        return (hs, lastRealRows(hs, lengths: lengths), Cache(x: x, z: z, q: q, k: k, v: v, weights: weights, lengths: lengths))
    }

    /// `m` with its rows from `from` on set to zero (queries at padded positions).
    private func zeroRows(_ m: Matrix, from: Int) -> Matrix {
        var out = m
        for r in from..<m.rows { for c in 0..<m.cols { out[r, c] = 0 } }
        return out
    }

    // MARK: - Backward

    /// Backpropagation from ∂L/∂h_t (and ∂L/∂last, or `nil`).
    ///
    /// - Returns: gradients in `parameters` order and ∂L/∂x_t for every step.
    public func backward(_ dhs: [Matrix], dLast: Matrix?, cache: Cache) -> (parameters: Gradients, inputs: [Matrix]) {
        let lengths = cache.lengths, batch = lengths.count, steps = dhs.count, d = outputSize
        var dhList = dhs.indices.map { zeroPadding(dhs[$0], lengths: lengths, step: $0) }  // padded outputs were zeroed
        if let dLast { addToLastRealRows(dLast, into: &dhList, lengths: lengths) }  // into h at each row's last step
        let dh = Matrix.vstack(dhList)  // (T·batch × d)
        let scale = 1 / Double(d).squareRoot()
        var dz = dh  // through the residual h = z + …
        var dq = Matrix(rows: steps * batch, cols: d), dk = dq, dv = dq
        for b in 0..<batch {
            let n = lengths[b], a = cache.weights[b]
            for t in 0..<n {
                // through h_t = z_t + Σ_j a_tj v_j: ∂L/∂a_tj = dh_t · v_j, ∂L/∂v_j += a_tj dh_t
                var da = [Double](repeating: 0, count: n)
                var mean = 0.0  // Σ_j a_tj ∂L/∂a_tj
                for j in 0..<n {
                    var s = 0.0
                    for i in 0..<d {
                        s += dh[t * batch + b, i] * cache.v[j * batch + b, i]
                        dv[j * batch + b, i] += a[t, j] * dh[t * batch + b, i]
                    }
                    da[j] = s
                    mean += a[t, j] * s
                }
                for j in 0..<n {
                    // through the softmax: ∂L/∂e_tj = a_tj (∂L/∂a_tj − Σ_i a_ti ∂L/∂a_ti)
                    let de = a[t, j] * (da[j] - mean) * scale  // and through the 1/√d
                    // through e_tj = q_t · k_j: ∂L/∂q_t += de k_j, ∂L/∂k_j += de q_t
                    for i in 0..<d {
                        dq[t * batch + b, i] += de * cache.k[j * batch + b, i]
                        dk[j * batch + b, i] += de * cache.q[t * batch + b, i]
                    }
                }
            }
        }
        // through q = z W_qᵀ, k = z W_kᵀ, v = z W_vᵀ
        let dWq = Matrix.gemm(dq, cache.z, transposeA: true)  // (d × d)
        let dWk = Matrix.gemm(dk, cache.z, transposeA: true)
        let dWv = Matrix.gemm(dv, cache.z, transposeA: true)
        dz += Matrix.gemm(dq, queryWeight) + Matrix.gemm(dk, keyWeight) + Matrix.gemm(dv, valueWeight)  // (T·batch × d)
        // through z = x W_inᵀ + b_in + P (P is constant)
        let dWin = Matrix.gemm(dz, cache.x, transposeA: true)  // (d × input)
        let dbin = dz.sumRows()  // (1 × d)
        let dx = Matrix.gemm(dz, inputWeight)  // (T·batch × input)
        let dxs = (0..<steps).map { dx.rows(($0 * batch)..<(($0 + 1) * batch)) }
        return (Gradients([dWin, dbin, dWq, dWk, dWv]), dxs)
    }
}
