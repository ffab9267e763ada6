/// The end of every recurrent kernel's backward pass: the gradients of the weights and biases,
/// which all steps share, as sums over time, each one matrix product over all steps at once, and
/// the gradients of the inputs, computed when first read (see `RecurrentGradients`).
///
/// A layer with G gates computes at step t the pre-activations x_t W_ihᵀ + b_ih (its input side)
/// and h_{t-1} W_hhᵀ + b_hh (its hidden side), added or, for the GRU's candidate, combined through
/// the reset gate. With the gradients of both sides at every step stacked, `(T·batch × G·hidden)`:
///
///     ∂L/∂W_ih = Σ_t dInput_tᵀ x_t,   ∂L/∂W_hh = Σ_t dHidden_tᵀ h_{t-1},
///     ∂L/∂b_ih = Σ_t Σ_batch dInput_t,   ∂L/∂b_hh = Σ_t Σ_batch dHidden_t,   ∂L/∂x_t = dInput_t W_ih.
///
/// - Parameters:
///   - dInputSide: ∂L/∂(x W_ihᵀ + b_ih), every step stacked.
///   - dHiddenSide: ∂L/∂(h W_hhᵀ + b_hh), or `nil` when it is `dInputSide` (the RNN and the LSTM,
///     whose two sides are plainly added).
///   - inputs: every x_t stacked, `(T·batch × input)`.
///   - hStates: every state stacked with h_{-1} first, so that its first T blocks are every h_{t-1}.
func weightGradientsOverTime(
    dInputSide: Matrix, dHiddenSide: Matrix?, inputs: Matrix, hStates: Matrix, steps: Int, batch: Int, weightIH: Matrix
) -> (parameters: Gradients, inputs: () -> [Matrix]) {
    let dHidden = dHiddenSide ?? dInputSide
    let dWeightIH = Matrix.gemm(dInputSide, inputs, transposeA: true)  // Σ_t dInput_tᵀ x_t: (G·hidden × input)
    var dWeightHH = Matrix(rows: dHidden.cols, cols: hStates.cols)
    // Σ_t dHidden_tᵀ h_{t-1}; blocks 0..<T of the stacked states are every h_{t-1}: (G·hidden × hidden)
    Matrix.gemm(dHidden, rows: nil, hStates, rows: 0..<(steps * batch), into: &dWeightHH, rows: nil, transposeA: true)
    let dBiasIH = dInputSide.sumRows()  // (1 × G·hidden)
    let dBiasHH = dHiddenSide?.sumRows() ?? dBiasIH  // the same when both sides are added as they are: (1 × G·hidden)
    // Into every x_t, done only if `inputs` is read (see RecurrentGradients).
    let dxs = { [dInputSide, weightIH] () -> [Matrix] in
        let dX = Matrix.gemm(dInputSide, weightIH)  // (T·batch × G·hidden)·(G·hidden × input)
        return (0..<steps).map { dX.rows(($0 * batch)..<(($0 + 1) * batch)) }  // T × (batch × input)
    }
    return (Gradients([dWeightIH, dWeightHH, dBiasIH, dBiasHH]), dxs)
}
