/// How strongly the last hidden output of *any* recurrent layer depends on its state s steps
/// earlier: ‖∂h_last/∂s_{last−s}‖ for s = 1, 2, …, steps, for one sequence.
///
/// For the tanh RNN the state is h and `gradientFlow(_: RNN, ...)` multiplies the one-step
/// Jacobians diag(1 − hₜ²) W_hh directly. A gated cell's Jacobian has many more terms (every gate
/// depends on h), so this probe does not write it out: it asks the layer's own backward pass.
/// Backpropagation from h_last with ∂L/∂h_last = e_j (a unit vector) returns, as the gradient of
/// the initial state, row j of the Jacobian ∂h_last/∂s_k. All rows at once: the sequence is run
/// as a batch of `hidden` identical copies, and copy j is fed e_j, so the batch's initial-state
/// gradient *is* the Jacobian, one row per output unit.
///
/// The states s_k are found by running the layer step by step; for each k the layer is re-run
/// from s_k over the remaining steps and differentiated. That costs O(steps²) steps of forward
/// and backward: fine for the hundred-odd steps of a chapter's probe.
///
/// - Parameters:
///   - layer: the layer.
///   - xs: one sequence, `xs[t]` `(1 × input)` (a batch of 1: the Jacobian is per example).
///   - initial: the state before the first step, for a batch of `layer.hiddenSize` identical
///     rows; the zero state when `nil`.
///   - norm: `.spectral` (default) or `.frobenius`, as for the RNN's probe.
///   - stateAsMatrix: the part of a state gradient to measure, as a `(hidden × width)` matrix
///     (for the LSTM, `{ $0.c }` measures the cell path, `{ .hstack([$0.h, $0.c]) }` the whole state).
/// - Returns: for s = 1…steps, `(stepsBack: s, norm: ‖∂h_last/∂s_{last−s}‖)`, where the state
///   `steps` steps back is the initial one. For the RNN it equals `gradientFlow(_: RNN, ...)`.
public func gradientFlow<Layer: RecurrentLayer>(
    _ layer: Layer, inputs xs: [Matrix], initial: Layer.State? = nil, norm: MatrixNorm = .spectral,
    stateAsMatrix: (Layer.State) -> Matrix
) -> [(stepsBack: Int, norm: Double)] {
    guard xs.allSatisfy({ $0.rows == 1 }) else {
        shapeError("gradientFlow: the Jacobian is per example; give a batch of 1, got \(xs.first?.shapeDescription ?? "[]")")
    }
    let n = layer.hiddenSize, steps = xs.count
    // n identical copies of the sequence: copy j will carry the unit gradient e_j. (n × input) each
    let copies = xs.map { x in Matrix.vstack(Array(repeating: x, count: n)) }
    // s_0 = initial, s_{k+1} = one step from s_k: the state after k steps, for k = 0 ..< steps.
    var states: [Layer.State] = [initial ?? layer.zeroState(batch: n)]
    for t in 0..<(steps - 1) {
        states.append(layer.forward([copies[t]], initial: states[t]).final)
    }
    let unit = Matrix.identity(n)  // row j = e_j: ∂L_j/∂h_last for copy j
    var result: [(stepsBack: Int, norm: Double)] = []
    for k in stride(from: steps - 1, through: 0, by: -1) {
        let rest = Array(copies[k...])  // steps k ..< steps, run from s_k
        let (hs, _, cache) = layer.forward(rest, initial: states[k])
        var dhs = hs.map { Matrix(rows: $0.rows, cols: $0.cols) }  // no loss reads the earlier steps
        dhs[dhs.count - 1] = unit  // L_j = h_last[j] for copy j
        let grads = layer.backward(dhs, dFinal: nil, cache: cache)
        let jacobian = stateAsMatrix(grads.initial)  // row j = ∂h_last[j]/∂s_k: (hidden × width)
        let size = norm == .spectral ? jacobian.largestSingularValue() : jacobian.norm()
        result.append((steps - k, size))
    }
    return result
}

/// Which part of the LSTM's state `gradientFlow(_: LSTM, ...)` measures the dependence on.
public enum LSTMStatePart: Sendable {
    /// ∂h_last/∂h_k: through the gates and the output, as for a plain RNN.
    case hidden
    /// ∂h_last/∂c_k: along the cell state, the path the forget gate keeps open.
    case cell
    /// ∂h_last/∂(h_k, c_k): the whole state, a `(hidden × 2·hidden)` Jacobian.
    case both
}

/// ‖∂h_last/∂(state k steps back)‖ for an LSTM, for s = 1…steps (see the generic `gradientFlow`).
///
/// The LSTM's state is the pair (h, c); `part` says which of them to differentiate by. Along the
/// cell alone, one step contributes ∂c_t/∂c_{t−1} = diag(f_t) (plus the terms through h_{t−1},
/// which the forget gate does not control), which is why the dependence can survive many steps.
///
/// - Parameters:
///   - lstm: the layer.
///   - xs: one sequence, `xs[t]` `(1 × input)`.
///   - part: `.both` (default), `.cell` or `.hidden`.
///   - norm: `.spectral` (default) or `.frobenius`.
public func gradientFlow(
    _ lstm: LSTM, inputs xs: [Matrix], part: LSTMStatePart = .both, norm: MatrixNorm = .spectral
) -> [(stepsBack: Int, norm: Double)] {
    gradientFlow(lstm, inputs: xs, initial: nil, norm: norm) { (state: LSTMState) -> Matrix in
        switch part {
        case .hidden: return state.h
        case .cell: return state.c
        case .both: return Matrix.hstack([state.h, state.c])
        }
    }
}

/// ‖∂h_last/∂h_{last−s}‖ for a GRU, for s = 1…steps (see the generic `gradientFlow`). The GRU's
/// state is h alone; one step's Jacobian holds diag(z_t), the part of h_{t−1} the update gate keeps.
public func gradientFlow(_ gru: GRU, inputs xs: [Matrix], norm: MatrixNorm = .spectral) -> [(stepsBack: Int, norm: Double)] {
    gradientFlow(gru, inputs: xs, initial: nil, norm: norm) { (h: Matrix) -> Matrix in h }
}
