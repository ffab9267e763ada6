#if canImport(Glibc)
    import Glibc
#endif

/// The Elman recurrent network with a tanh, PyTorch's `nn.RNN` (one layer, `nonlinearity="tanh"`).
///
/// At every time step the new hidden state mixes the current input with the previous state and
/// squashes the sum:
///
///     hₜ = tanh(xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh)
///
/// with xₜ `(batch × input)` and hₜ `(batch × hidden)`. The same weights serve every step: that
/// sharing is what lets one small layer read sequences of any length. Many books write W_xh for
/// W_ih and W_hh for W_hh, with one bias b_h; PyTorch keeps two biases, b_ih and b_hh, that only
/// ever appear as their sum (so their gradients are equal), and the library follows PyTorch so
/// its numbers can be compared with it entry for entry.
///
/// For speed, `forward` projects the inputs of *all* steps with one matrix product before the
/// loop, since xₜ W_ihᵀ does not depend on the recurrence; only hₜ₋₁ W_hhᵀ has to wait for the
/// previous step. The backward pass (`RNN+Backward.swift`) does the same in reverse.
public struct RNN: RecurrentLayer, FusedGateLayer, Sendable {
    /// G = 1: one pre-activation, squashed by tanh.
    public static let gateCount = 1

    /// W_ih (W_xh in many books): input-to-hidden weights, `(hidden × input)`.
    public var weightIH: Matrix
    /// W_hh: hidden-to-hidden weights, the recurrence itself, `(hidden × hidden)`. Its largest
    /// singular value and its spectral radius decide whether gradients explode or vanish.
    public var weightHH: Matrix
    /// b_ih: input bias, `(1 × hidden)`.
    public var biasIH: Matrix
    /// b_hh: hidden bias, `(1 × hidden)`.
    public var biasHH: Matrix

    public typealias State = Matrix

    /// What `forward` keeps for the backward pass.
    public struct Cache: Sendable {
        /// Every step's input, stacked: row block t is xₜ. `(steps·batch × input)`
        public var inputs: Matrix
        /// h₋₁, the state the sequence started from. `(batch × hidden)`
        public var initial: Matrix
        /// hₜ for every step, each `(batch × hidden)`.
        public var hs: [Matrix]
        /// Rows per step.
        public var batch: Int
        /// Every state stacked, h₋₁ first: row block 0 is h₋₁, row block t + 1 is hₜ.
        /// `((steps + 1)·batch × hidden)`. Its first `steps` blocks are every hₜ₋₁, which the
        /// backward pass multiplies by in one product, without stacking them again.
        var states: Matrix
        /// Number of time steps.
        public var steps: Int { hs.count }

        /// xₜ, row block t of `inputs`.
        public func input(_ t: Int) -> Matrix { inputs.rows((t * batch)..<((t + 1) * batch)) }
        /// The state step t started from, hₜ₋₁ (`initial` for t = 0).
        public func previousState(_ t: Int) -> Matrix { t == 0 ? initial : hs[t - 1] }
    }

    /// A layer with PyTorch's initialization: every weight and bias uniform in ±1/√hidden (drawn
    /// in the order weight_ih, weight_hh, bias_ih, bias_hh).
    public init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) {
        let w = RecurrentSetup.pytorchInitialization(gates: Self.gateCount, inputSize: inputSize, hiddenSize: hiddenSize, using: &rng)
        (weightIH, weightHH, biasIH, biasHH) = (w[0], w[1], w[2], w[3])
    }

    /// A layer with exact values. Shapes: W_ih `(hidden × input)`, W_hh `(hidden × hidden)`,
    /// biases `(1 × hidden)`; both biases default to zero.
    public init(weightIH: Matrix, weightHH: Matrix, biasIH: Matrix? = nil, biasHH: Matrix? = nil) {
        let h = weightHH.rows
        let bIH = biasIH ?? Matrix(rows: 1, cols: h)
        let bHH = biasHH ?? Matrix(rows: 1, cols: h)
        RecurrentSetup.checkWeights("RNN", gates: Self.gateCount, [weightIH, weightHH, bIH, bHH])
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = bIH
        self.biasHH = bHH
    }

    /// h = 0, `(batch × hidden)`.
    public func zeroState(batch: Int) -> Matrix { Matrix(rows: batch, cols: hiddenSize) }

    /// Runs the recurrence over `xs` from `initial` (h₋₁).
    ///
    /// - Parameters:
    ///   - xs: the sequence, `xs[t]` `(batch × input)` (none: see `RecurrentSetup`).
    ///   - initial: h₋₁ `(batch × hidden)`, usually `zeroState(batch:)`.
    /// - Returns: `hs[t]` = hₜ for every step, `final` = the last of them, and the cache for `backward`.
    public func forward(_ xs: [Matrix], initial: Matrix) -> (hs: [Matrix], final: Matrix, cache: Cache) {
        checkSequence(xs, initial: initial)  // RecurrentSetup.swift
        guard !xs.isEmpty else {  // an empty sequence: no outputs, the initial state is the final one
            let cache = Cache(inputs: Matrix(rows: 0, cols: inputSize), initial: initial, hs: [], batch: initial.rows, states: initial)
            return ([], initial, cache)
        }
        return RNNKernel.forward(self, xs, initial: initial)
    }

    /// `forward(xs, initial:)` from the zero state.
    public func forward(_ xs: [Matrix]) -> (hs: [Matrix], final: Matrix, cache: Cache) {
        forward(xs, initial: zeroState(batch: xs.first?.rows ?? 0))
    }
}
