#if canImport(Glibc)
    import Glibc
#endif

/// The state an LSTM carries from one step to the next: the hidden state `h`, which is also the
/// layer's output, and the cell state `c`, the memory that the gates write to and read from.
public struct LSTMState: Sendable {
    /// h, the hidden state and output, `(batch × hidden)`.
    public var h: Matrix
    /// c, the cell state, `(batch × hidden)`.
    public var c: Matrix

    public init(h: Matrix, c: Matrix) {
        guard h.shape == c.shape else { shapeError("LSTMState(h: \(h.shapeDescription), c: \(c.shapeDescription))") }
        self.h = h
        self.c = c
    }
}

/// A long short-term memory layer (Hochreiter and Schmidhuber 1997, with the forget gate of Gers
/// et al. 2000), exactly PyTorch's `nn.LSTM` with one layer.
///
/// At every step, from the input `x` `(batch × input)` and the previous state `(h, c)`:
///
///     i  = σ(x W_iiᵀ + b_ii + h W_hiᵀ + b_hi)     input gate: how much of g to write
///     f  = σ(x W_ifᵀ + b_if + h W_hfᵀ + b_hf)     forget gate: how much of c to keep
///     g  = tanh(x W_igᵀ + b_ig + h W_hgᵀ + b_hg)  candidate: what to write
///     o  = σ(x W_ioᵀ + b_io + h W_hoᵀ + b_ho)     output gate: how much of the memory to show
///     c' = f ⊙ c + i ⊙ g
///     h' = o ⊙ tanh(c')
///
/// The cell state is updated by a product with f and a sum, not squashed through a weight matrix
/// at every step; that additive path is why gradients survive over long spans.
///
/// As in PyTorch, the four gates' weights are stacked in one matrix, rows in the order i, f, g, o,
/// so one matrix product computes all four gates. There are two biases, `b_ih` and `b_hh`, where
/// one would do: PyTorch keeps both (cuDNN's layout), and so does this layer, so that weights can
/// be copied from PyTorch number for number.
///
/// Initialization follows PyTorch: every weight and bias uniform in ±1/√hidden.
public struct LSTM: RecurrentLayer, FusedGateLayer, Sendable {
    /// G = 4: the gates i, f, g, o.
    public static let gateCount = 4

    /// W_ih = [W_ii; W_if; W_ig; W_io], the input weights of the four gates, `(4·hidden × input)`.
    public var weightIH: Matrix
    /// W_hh = [W_hi; W_hf; W_hg; W_ho], the recurrent weights of the four gates, `(4·hidden × hidden)`.
    public var weightHH: Matrix
    /// b_ih = [b_ii, b_if, b_ig, b_io], `(1 × 4·hidden)`.
    public var biasIH: Matrix
    /// b_hh = [b_hi, b_hf, b_hg, b_ho], `(1 × 4·hidden)`.
    public var biasHH: Matrix

    /// An LSTM with PyTorch's initialization: `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, in
    /// that order, each uniform in ±1/√hiddenSize.
    public init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) {
        let w = RecurrentSetup.pytorchInitialization(gates: Self.gateCount, inputSize: inputSize, hiddenSize: hiddenSize, using: &rng)
        (weightIH, weightHH, biasIH, biasHH) = (w[0], w[1], w[2], w[3])
    }

    /// An LSTM with exact weights in PyTorch's layout (`lstm.weight_ih_l0` and so on; a PyTorch
    /// bias of shape `(4·hidden)` becomes a `(1 × 4·hidden)` row).
    public init(weightIH: Matrix, weightHH: Matrix, biasIH: Matrix, biasHH: Matrix) {
        RecurrentSetup.checkWeights("LSTM", gates: Self.gateCount, [weightIH, weightHH, biasIH, biasHH])
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = biasIH
        self.biasHH = biasHH
    }

    /// h = 0 and c = 0, PyTorch's default when no state is given.
    public func zeroState(batch: Int) -> LSTMState {
        LSTMState(h: Matrix(rows: batch, cols: hiddenSize), c: Matrix(rows: batch, cols: hiddenSize))
    }

    // MARK: - Forward

    /// Runs the LSTM over `xs` (each `(batch × input)`) from `initial`.
    ///
    /// It runs the kernel (`Kernels/LSTMKernel.swift`: all steps' input products at once, threads,
    /// no allocation in the loop), which computes what `step(_:from:)` (`LSTM+Step.swift`), one
    /// line per equation, computes step after step (`forwardReadable`).
    ///
    /// - Returns: `hs[t]` = h_t `(batch × hidden)` for every step, the final `(h, c)`, and the cache
    ///   that `backward` needs (it also exposes the gates, for plotting).
    public func forward(_ xs: [Matrix], initial: LSTMState) -> (hs: [Matrix], final: LSTMState, cache: LSTMCache) {
        let steps = xs.count, hidden = hiddenSize
        checkSequence(xs, initial: initial)  // RecurrentSetup.swift
        guard steps > 0 else {  // an empty sequence: no outputs, the initial state is the final one
            let cache = LSTMCache(
                inputs: Matrix(rows: 0, cols: inputSize), initial: initial, gates: Matrix(rows: 0, cols: 4 * hidden), hs: [],
                hStates: initial.h, cStates: initial.c, tanhCStates: Matrix(rows: 0, cols: hidden))
            return ([], initial, cache)
        }
        return LSTMKernel.forward(self, xs, initial: initial)
    }

    /// Runs the LSTM over `xs` from the zero state (PyTorch's default).
    public func forward(_ xs: [Matrix]) -> (hs: [Matrix], final: LSTMState, cache: LSTMCache) {
        forward(xs, initial: zeroState(batch: xs.first?.rows ?? 0))
    }

    // MARK: - Backward

    /// Backpropagation through time for `forward`.
    ///
    /// Walking the steps from last to first, it carries two running gradients: dh_next = ∂L/∂h_t
    /// through step t+1, and dc_next = ∂L/∂c_t through step t+1. It runs the kernel
    /// (`Kernels/LSTMKernel.swift`), equal to `stepBackward` (`LSTM+Step.swift`) run from the last
    /// step to the first (`backwardReadable`).
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂h_t from above for every step (zeros where no loss reads h_t), or empty when no
    ///     loss reads any step's output (see `RecurrentSetup` for this and for empty sequences).
    ///   - dFinal: ∂L/∂(h_T, c_T) from beyond the sequence, or `nil`.
    /// - Returns: gradients of `[weightIH, weightHH, biasIH, biasHH]`, of every input x_t, and of
    ///   the initial `(h, c)`.
    public func backward(_ dhs: [Matrix], dFinal: LSTMState?, cache: LSTMCache) -> RecurrentGradients<LSTMState> {
        let steps = cache.steps, hidden = hiddenSize, batch = cache.batch
        checkGradients(dhs, dFinal: dFinal, steps: steps, initial: cache.initial)  // RecurrentSetup.swift
        guard steps > 0 else { return emptySequenceGradients(dFinal: dFinal, initial: cache.initial) }
        let dhNext = dFinal?.h ?? Matrix(rows: batch, cols: hidden)  // ∂L/∂h_T from beyond the sequence: (batch × hidden)
        let dcNext = dFinal?.c ?? Matrix(rows: batch, cols: hidden)  // ∂L/∂c_T from beyond the sequence: (batch × hidden)
        let dhs = RecurrentSetup.everyStep(dhs, steps: steps, batch: batch, hiddenSize: hidden)
        return LSTMKernel.backward(self, dhs, dhNext: dhNext, dcNext: dcNext, cache: cache)
    }
}
