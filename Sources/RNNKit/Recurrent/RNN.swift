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
public struct RNN: RecurrentLayer, Sendable {
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

    public var inputSize: Int { weightIH.cols }
    public var hiddenSize: Int { weightHH.rows }

    /// A layer with PyTorch's initialization: every weight and bias uniform in ±1/√hidden (drawn
    /// in the order weight_ih, weight_hh, bias_ih, bias_hh).
    public init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) {
        let k = 1 / Double(hiddenSize).squareRoot()
        weightIH = .uniform(hiddenSize, inputSize, -k, k, using: &rng)
        weightHH = .uniform(hiddenSize, hiddenSize, -k, k, using: &rng)
        biasIH = .uniform(1, hiddenSize, -k, k, using: &rng)
        biasHH = .uniform(1, hiddenSize, -k, k, using: &rng)
    }

    /// A layer with exact values. Shapes: W_ih `(hidden × input)`, W_hh `(hidden × hidden)`,
    /// biases `(1 × hidden)`; both biases default to zero.
    public init(weightIH: Matrix, weightHH: Matrix, biasIH: Matrix? = nil, biasHH: Matrix? = nil) {
        let h = weightHH.rows
        let bIH = biasIH ?? Matrix(rows: 1, cols: h)
        let bHH = biasHH ?? Matrix(rows: 1, cols: h)
        guard weightHH.cols == h, weightIH.rows == h, bIH.shape == (1, h), bHH.shape == (1, h) else {
            shapeError(
                "RNN(weightIH: \(weightIH.shapeDescription), weightHH: \(weightHH.shapeDescription), biasIH: \(bIH.shapeDescription), biasHH: \(bHH.shapeDescription)): need (hidden×input), (hidden×hidden), (1×hidden), (1×hidden)"
            )
        }
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = bIH
        self.biasHH = bHH
    }

    /// `[weightIH, weightHH, biasIH, biasHH]`, PyTorch's order.
    public var parameters: [Matrix] {
        get { [weightIH, weightHH, biasIH, biasHH] }
        set {
            let old = parameters
            guard newValue.count == 4, zip(old, newValue).allSatisfy({ $0.shape == $1.shape }) else {
                shapeError("RNN.parameters: expected \(old.map(\.shapeDescription)), got \(newValue.map(\.shapeDescription))")
            }
            weightIH = newValue[0]
            weightHH = newValue[1]
            biasIH = newValue[2]
            biasHH = newValue[3]
        }
    }

    /// PyTorch's `named_parameters()` names, same order.
    public var parameterNames: [String] { ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"] }

    /// h = 0, `(batch × hidden)`.
    public func zeroState(batch: Int) -> Matrix { Matrix(rows: batch, cols: hiddenSize) }

    /// Runs the recurrence over `xs` from `initial` (h₋₁).
    ///
    /// - Parameters:
    ///   - xs: the sequence, `xs[t]` `(batch × input)`, at least one step.
    ///   - initial: h₋₁ `(batch × hidden)`, usually `zeroState(batch:)`.
    /// - Returns: `hs[t]` = hₜ for every step, `final` = the last of them, and the cache for `backward`.
    public func forward(_ xs: [Matrix], initial: Matrix) -> (hs: [Matrix], final: Matrix, cache: Cache) {
        let batch = initial.rows
        guard !xs.isEmpty else { shapeError("RNN.forward: the sequence has no steps") }
        guard initial.cols == hiddenSize else {
            shapeError("RNN(hidden: \(hiddenSize)).forward: initial state \(initial.shapeDescription), need (\(batch)×\(hiddenSize))")
        }
        for (t, x) in xs.enumerated() where x.rows != batch || x.cols != inputSize {
            shapeError(
                "RNN(input: \(inputSize), hidden: \(hiddenSize)).forward: xs[\(t)] is \(x.shapeDescription), need (\(batch)×\(inputSize))")
        }
        return RNNKernel.forward(self, xs, initial: initial)
    }

    /// `forward(xs, initial:)` from the zero state.
    public func forward(_ xs: [Matrix]) -> (hs: [Matrix], final: Matrix, cache: Cache) {
        forward(xs, initial: zeroState(batch: xs.first?.rows ?? 0))
    }
}
