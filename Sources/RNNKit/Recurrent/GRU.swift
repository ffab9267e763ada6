#if canImport(Glibc)
    import Glibc
#endif

/// A gated recurrent unit layer (Cho et al. 2014), exactly PyTorch's `nn.GRU` with one layer.
///
/// At every step, from the input `x` `(batch × input)` and the previous hidden state `h`:
///
///     r  = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)            reset gate
///     z  = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)            update gate
///     n  = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))   candidate ("new gate")
///     h' = (1 − z) ⊙ n + z ⊙ h
///
/// Two details are PyTorch's (and cuDNN's) and differ between papers and textbooks:
/// - the reset gate multiplies the hidden product *after* it is computed, bias b_hn included:
///   r ⊙ (h W_hnᵀ + b_hn). Cho et al. 2014 and d2l reset h *before* the product: (r ⊙ h) W_hnᵀ.
/// - z near 1 *keeps* the old state. Chung et al. 2014 write h' = (1 − z) ⊙ h + z ⊙ n, where z near
///   1 takes the candidate. That one is a relabelling (z ↔ 1 − z, i.e. W_z, b_z ↔ −W_z, −b_z), but
///   the reset placement is a different function. `GRUVariant` computes both alternatives.
///
/// The three gates' weights are stacked in one matrix, rows in the order r, z, n, and the layer
/// keeps PyTorch's two biases (b_hn cannot be merged into b_in: r multiplies it).
///
/// Initialization follows PyTorch: every weight and bias uniform in ±1/√hidden.
public struct GRU: RecurrentLayer, FusedGateLayer, Sendable {
    /// G = 3: the gates r, z, n.
    public static let gateCount = 3

    /// W_ih = [W_ir; W_iz; W_in], the input weights of the three gates, `(3·hidden × input)`.
    public var weightIH: Matrix
    /// W_hh = [W_hr; W_hz; W_hn], the recurrent weights of the three gates, `(3·hidden × hidden)`.
    public var weightHH: Matrix
    /// b_ih = [b_ir, b_iz, b_in], `(1 × 3·hidden)`.
    public var biasIH: Matrix
    /// b_hh = [b_hr, b_hz, b_hn], `(1 × 3·hidden)`.
    public var biasHH: Matrix

    /// A GRU with PyTorch's initialization: `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, in
    /// that order, each uniform in ±1/√hiddenSize.
    public init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) {
        let w = RecurrentSetup.pytorchInitialization(gates: Self.gateCount, inputSize: inputSize, hiddenSize: hiddenSize, using: &rng)
        (weightIH, weightHH, biasIH, biasHH) = (w[0], w[1], w[2], w[3])
    }

    /// A GRU with exact weights in PyTorch's layout (`gru.weight_ih_l0` and so on; a PyTorch
    /// bias of shape `(3·hidden)` becomes a `(1 × 3·hidden)` row).
    public init(weightIH: Matrix, weightHH: Matrix, biasIH: Matrix, biasHH: Matrix) {
        RecurrentSetup.checkWeights("GRU", gates: Self.gateCount, [weightIH, weightHH, biasIH, biasHH])
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = biasIH
        self.biasHH = biasHH
    }

    /// h = 0, PyTorch's default when no state is given.
    public func zeroState(batch: Int) -> Matrix { Matrix(rows: batch, cols: hiddenSize) }

    // MARK: - Forward

    /// Runs the GRU over `xs` (each `(batch × input)`) from `initial` `(batch × hidden)`.
    ///
    /// It runs the kernel (`Kernels/GRUKernel.swift`: all steps' input products at once, threads,
    /// no allocation in the loop), which computes what `step(_:from:)` (`GRU+Step.swift`), one
    /// line per equation, computes step after step (`forwardReadable`).
    ///
    /// - Returns: `hs[t]` = h_t `(batch × hidden)` for every step, the final h, and the cache that
    ///   `backward` needs (it also exposes the gates, for plotting).
    public func forward(_ xs: [Matrix], initial: Matrix) -> (hs: [Matrix], final: Matrix, cache: GRUCache) {
        let steps = xs.count, hidden = hiddenSize
        checkSequence(xs, initial: initial)  // RecurrentSetup.swift
        guard steps > 0 else {  // an empty sequence: no outputs, the initial state is the final one
            let cache = GRUCache(
                inputs: Matrix(rows: 0, cols: inputSize), initial: initial, gates: Matrix(rows: 0, cols: 3 * hidden),
                hiddenCandidates: Matrix(rows: 0, cols: hidden), hs: [], hStates: initial)
            return ([], initial, cache)
        }

        return GRUKernel.forward(self, xs, initial: initial)
    }

    /// Runs the GRU over `xs` from the zero state (PyTorch's default).
    public func forward(_ xs: [Matrix]) -> (hs: [Matrix], final: Matrix, cache: GRUCache) {
        forward(xs, initial: zeroState(batch: xs.first?.rows ?? 0))
    }

    // MARK: - Backward

    /// Backpropagation through time for `forward`.
    ///
    /// It runs the kernel (`Kernels/GRUKernel.swift`), equal to `stepBackward` (`GRU+Step.swift`)
    /// run from the last step to the first (`backwardReadable`).
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂h_t from above for every step (zeros where no loss reads h_t), or empty when no
    ///     loss reads any step's output (see `RecurrentSetup` for this and for empty sequences).
    ///   - dFinal: ∂L/∂h_T from beyond the sequence, or `nil`.
    /// - Returns: gradients of `[weightIH, weightHH, biasIH, biasHH]`, of every input x_t, and of
    ///   the initial h.
    public func backward(_ dhs: [Matrix], dFinal: Matrix?, cache: GRUCache) -> RecurrentGradients<Matrix> {
        let steps = cache.steps, hidden = hiddenSize, batch = cache.batch
        checkGradients(dhs, dFinal: dFinal, steps: steps, initial: cache.initial)  // RecurrentSetup.swift
        guard steps > 0 else { return emptySequenceGradients(dFinal: dFinal, initial: cache.initial) }
        let dhNext = dFinal ?? Matrix(rows: batch, cols: hidden)  // ∂L/∂h_T from beyond the sequence: (batch × hidden)
        let dhs = RecurrentSetup.everyStep(dhs, steps: steps, batch: batch, hiddenSize: hidden)
        return GRUKernel.backward(self, dhs, dhNext: dhNext, cache: cache)
    }
}
