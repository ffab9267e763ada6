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
public struct LSTM: RecurrentLayer, Sendable {
    /// W_ih = [W_ii; W_if; W_ig; W_io], the input weights of the four gates, `(4·hidden × input)`.
    public var weightIH: Matrix
    /// W_hh = [W_hi; W_hf; W_hg; W_ho], the recurrent weights of the four gates, `(4·hidden × hidden)`.
    public var weightHH: Matrix
    /// b_ih = [b_ii, b_if, b_ig, b_io], `(1 × 4·hidden)`.
    public var biasIH: Matrix
    /// b_hh = [b_hi, b_hf, b_hg, b_ho], `(1 × 4·hidden)`.
    public var biasHH: Matrix

    /// Features per step of the input.
    public var inputSize: Int { weightIH.cols }
    /// Features of h and c.
    public var hiddenSize: Int { weightHH.cols }

    /// An LSTM with PyTorch's initialization: `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, in
    /// that order, each uniform in ±1/√hiddenSize.
    public init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) {
        let k = 1 / Double(hiddenSize).squareRoot()
        weightIH = .uniform(4 * hiddenSize, inputSize, -k, k, using: &rng)
        weightHH = .uniform(4 * hiddenSize, hiddenSize, -k, k, using: &rng)
        biasIH = .uniform(1, 4 * hiddenSize, -k, k, using: &rng)
        biasHH = .uniform(1, 4 * hiddenSize, -k, k, using: &rng)
    }

    /// An LSTM with exact weights in PyTorch's layout (`lstm.weight_ih_l0` and so on; a PyTorch
    /// bias of shape `(4·hidden)` becomes a `(1 × 4·hidden)` row).
    public init(weightIH: Matrix, weightHH: Matrix, biasIH: Matrix, biasHH: Matrix) {
        let h = weightHH.cols
        guard weightHH.rows == 4 * h, weightIH.rows == 4 * h, biasIH.shape == (1, 4 * h), biasHH.shape == (1, 4 * h) else {
            shapeError(
                "LSTM(weightIH: \(weightIH.shapeDescription), weightHH: \(weightHH.shapeDescription), biasIH: \(biasIH.shapeDescription), biasHH: \(biasHH.shapeDescription)): need (4h×input), (4h×h), (1×4h), (1×4h)"
            )
        }
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = biasIH
        self.biasHH = biasHH
    }

    /// `[weightIH, weightHH, biasIH, biasHH]`, PyTorch's order of `named_parameters()`.
    public var parameters: [Matrix] {
        get { [weightIH, weightHH, biasIH, biasHH] }
        set {
            let old = parameters
            guard newValue.count == 4, zip(newValue, old).allSatisfy({ $0.shape == $1.shape }) else {
                shapeError("LSTM.parameters: expected \(old.map(\.shapeDescription)), got \(newValue.map(\.shapeDescription))")
            }
            (weightIH, weightHH, biasIH, biasHH) = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    /// PyTorch's names: `["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]`.
    public var parameterNames: [String] { ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"] }

    /// h = 0 and c = 0, PyTorch's default when no state is given.
    public func zeroState(batch: Int) -> LSTMState {
        LSTMState(h: Matrix(rows: batch, cols: hiddenSize), c: Matrix(rows: batch, cols: hiddenSize))
    }

    // MARK: - Forward

    /// Runs the LSTM over `xs` (each `(batch × input)`) from `initial`.
    ///
    /// Speed: the input part of every gate at every step, x_t W_ihᵀ + b_ih + b_hh, does not depend
    /// on h, so it is computed for the whole sequence in one matrix product before the recurrence
    /// (the xs stacked into `(T·batch × input)`). Inside the loop only h W_hhᵀ remains, one product
    /// per step for all four gates, added in place into that step's rows of the gates matrix. The
    /// states h, c and tanh(c) of all steps live in three stacked matrices, so the loop allocates
    /// nothing, and the squashing functions run as vectorized loops (`ActivationKernels.swift`).
    ///
    /// - Returns: `hs[t]` = h_t `(batch × hidden)` for every step, the final `(h, c)`, and the cache
    ///   that `backward` needs (it also exposes the gates, for plotting).
    public func forward(_ xs: [Matrix], initial: LSTMState) -> (hs: [Matrix], final: LSTMState, cache: LSTMCache) {
        let steps = xs.count, hidden = hiddenSize
        let batch = initial.h.rows
        checkShapes(xs, initial: initial)
        guard steps > 0 else {
            let cache = LSTMCache(
                inputs: Matrix(rows: 0, cols: inputSize), initial: initial, gates: Matrix(rows: 0, cols: 4 * hidden), hs: [],
                hStates: initial.h, cStates: initial.c, tanhCStates: Matrix(rows: 0, cols: hidden))
            return ([], initial, cache)
        }
        let x = Matrix.vstack(xs)  // every step's input, stacked: (T·batch × input)
        // x W_ihᵀ + b_ih + b_hh for all steps at once: (T·batch × 4·hidden)
        var gates = Matrix(repeatingRow: biasIH + biasHH, count: steps * batch)  // b_ih + b_hh in every row
        Matrix.gemm(x, weightIH, into: &gates, transposeB: true, beta: 1)  // + x W_ihᵀ

        // All the states in three stacked matrices (block 0 of h and c: the initial state), so the
        // loop reads h_{t-1} and c_{t-1} and writes h_t, c_t and tanh(c_t) in place.
        let block = batch * hidden  // entries of one step's (batch × hidden)
        var hStates = Matrix(rows: (steps + 1) * batch, cols: hidden)  // ((T+1)·batch × hidden)
        var cStates = Matrix(rows: (steps + 1) * batch, cols: hidden)  // ((T+1)·batch × hidden)
        var tanhCStates = Matrix(rows: steps * batch, cols: hidden)  // (T·batch × hidden)
        hStates.storage.replaceSubrange(0..<block, with: initial.h.storage)
        cStates.storage.replaceSubrange(0..<block, with: initial.c.storage)
        // The recurrence. Rows of the batch never mix, so blocks of rows run on separate cores,
        // each through all the steps (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * 4 * hidden * hidden)
        gates.storage.withUnsafeMutableBufferPointer { gatesBuffer in
            hStates.storage.withUnsafeMutableBufferPointer { hBuffer in
                cStates.storage.withUnsafeMutableBufferPointer { cBuffer in
                    tanhCStates.storage.withUnsafeMutableBufferPointer { tanhCBuffer in
                        weightHH.storage.withUnsafeBufferPointer { wBuffer in
                            let gates = gatesBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                            let h = hBuffer.baseAddress!, c = cBuffer.baseAddress!, tanhCs = tanhCBuffer.baseAddress!
                            batchBlocks.run { rows in
                                for t in 0..<steps {
                                    let stepGates = gates + (t * batch + rows.lowerBound) * 4 * hidden  // these rows of step t
                                    // Pre-activations of the four gates: the input part already in `gates`,
                                    // + h_{t-1} W_hhᵀ (block t of hStates is h_{t-1}): (rows × hidden)·(4·hidden × hidden)ᵀ
                                    batchBlocks.gemm(
                                        transposeB: true, m: rows.count, n: 4 * hidden, k: hidden,
                                        a: h + (t * batch + rows.lowerBound) * hidden, lda: hidden, b: wHH, ldb: hidden,
                                        beta: 1, c: stepGates, ldc: 4 * hidden)
                                    batchBlocks.forEachBlock(of: rows) { rows in
                                        for b in rows {
                                            // Row b of step t: [i | f | g | o] in `gates`, one unit of the states per column.
                                            let row = gates + (t * batch + b) * 4 * hidden
                                            let unit = t * block + b * hidden  // row b of block t
                                            let cPrev = c + unit, cNew = c + unit + block  // c_{t-1}, c_t
                                            let hNew = h + unit + block  // h_t
                                            let tanhC = tanhCs + unit  // tanh(c_t)
                                            // Each gate's squashing, in place: the activated gates stay in `gates`
                                            // for the backward pass. i and f are side by side, so one loop does both.
                                            applySigmoid(row, count: 2 * hidden)  // i, f = σ(...)
                                            applyTanh(row + 2 * hidden, count: hidden)  // g = tanh(...)
                                            applySigmoid(row + 3 * hidden, count: hidden)  // o = σ(...)
                                            // One pointer per gate, indexed by j alone, so the loop vectorizes.
                                            let iGate = row, fGate = row + hidden, gGate = row + 2 * hidden, oGate = row + 3 * hidden
                                            for j in 0..<hidden {
                                                let i = iGate[j], f = fGate[j], g = gGate[j], o = oGate[j]
                                                let cj = f * cPrev[j] + i * g  // c_t = f ⊙ c_{t-1} + i ⊙ g
                                                let tc = kernelTanh(cj)
                                                cNew[j] = cj
                                                tanhC[j] = tc
                                                hNew[j] = o * tc  // h_t = o ⊙ tanh(c_t)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let hs = (0..<steps).map { hStates.rows((($0 + 1) * batch)..<(($0 + 2) * batch)) }  // each (batch × hidden)
        let final = LSTMState(
            h: hStates.rows((steps * batch)..<((steps + 1) * batch)), c: cStates.rows((steps * batch)..<((steps + 1) * batch)))
        let cache = LSTMCache(
            inputs: x, initial: initial, gates: gates, hs: hs, hStates: hStates, cStates: cStates, tanhCStates: tanhCStates)
        return (hs, final, cache)
    }

    /// Runs the LSTM over `xs` from the zero state (PyTorch's default).
    public func forward(_ xs: [Matrix]) -> (hs: [Matrix], final: LSTMState, cache: LSTMCache) {
        forward(xs, initial: zeroState(batch: xs.first?.rows ?? 0))
    }

    // MARK: - Backward

    /// Backpropagation through time for `forward`.
    ///
    /// Walking the steps from last to first, it carries two running gradients: dh_next = ∂L/∂h_t
    /// through step t+1, and dc_next = ∂L/∂c_t through step t+1. The gradients of the
    /// pre-activations of all four gates at all steps are kept in one `(T·batch × 4·hidden)`
    /// matrix, so the weight gradients, summed over time, are each one matrix product at the end.
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂h_t from above for every step (zeros where no loss reads h_t).
    ///   - dFinal: ∂L/∂(h_T, c_T) from beyond the sequence, or `nil`.
    /// - Returns: gradients of `[weightIH, weightHH, biasIH, biasHH]`, of every input x_t, and of
    ///   the initial `(h, c)`.
    public func backward(_ dhs: [Matrix], dFinal: LSTMState?, cache: LSTMCache) -> RecurrentGradients<LSTMState> {
        let steps = cache.hs.count, hidden = hiddenSize, batch = cache.initial.h.rows
        guard dhs.count == steps else { shapeError("LSTM.backward: \(dhs.count) gradients dhs for \(steps) steps") }
        for dh in dhs where dh.shape != (batch, hidden) {
            shapeError("LSTM.backward: dhs[t] \(dh.shapeDescription), hidden states are (\(batch)×\(hidden))")
        }
        var dhNext = dFinal?.h ?? Matrix(rows: batch, cols: hidden)  // ∂L/∂h_t through step t+1: (batch × hidden)
        var dcNext = dFinal?.c ?? Matrix(rows: batch, cols: hidden)  // ∂L/∂c_t through step t+1: (batch × hidden)
        if dhNext.shape != (batch, hidden) || dcNext.shape != (batch, hidden) {
            shapeError(
                "LSTM.backward: dFinal (h \(dhNext.shapeDescription), c \(dcNext.shapeDescription)), states are (\(batch)×\(hidden))")
        }
        guard steps > 0 else {  // an empty sequence: the final state was the initial one
            return RecurrentGradients(parameters: .zeros(like: parameters), inputs: [], initial: LSTMState(h: dhNext, c: dcNext))
        }
        var dGates = Matrix(rows: steps * batch, cols: 4 * hidden)  // ∂L/∂(pre-activations), all steps: (T·batch × 4·hidden)
        let block = batch * hidden  // entries of one step's (batch × hidden)

        let dhsStorage = dhs.map(\.storage)  // ∂L/∂h_t from above for every step
        // Rows of the batch never mix, so blocks of rows run on separate cores (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * 4 * hidden * hidden)
        dGates.storage.withUnsafeMutableBufferPointer { dGatesBuffer in
            dhNext.storage.withUnsafeMutableBufferPointer { dhNextBuffer in
                dcNext.storage.withUnsafeMutableBufferPointer { dcNextBuffer in
                    cache.gates.storage.withUnsafeBufferPointer { gatesBuffer in
                        cache.cStates.storage.withUnsafeBufferPointer { cBuffer in
                            cache.tanhCStates.storage.withUnsafeBufferPointer { tanhCBuffer in
                                weightHH.storage.withUnsafeBufferPointer { wBuffer in
                                    let dGates = dGatesBuffer.baseAddress!, gates = gatesBuffer.baseAddress!
                                    let dhNext = dhNextBuffer.baseAddress!, dcNext = dcNextBuffer.baseAddress!
                                    let c = cBuffer.baseAddress!, tanhCs = tanhCBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                                    batchBlocks.run { rows in
                                        for t in stride(from: steps - 1, through: 0, by: -1) {
                                            dhsStorage[t].withUnsafeBufferPointer { dhAbove in
                                                batchBlocks.forEachBlock(of: rows) { rows in
                                                    for b in rows {
                                                        let offset = (t * batch + b) * 4 * hidden  // row b of step t in the gate matrices
                                                        let gate = gates + offset, dGate = dGates + offset
                                                        let unit = b * hidden  // row b in a (batch × hidden) matrix
                                                        let cPrev = c + t * block + unit  // c_{t-1}
                                                        let tanhC = tanhCs + t * block + unit  // tanh(c_t)
                                                        // Row b of ∂L/∂h_t's two parts: from the loss at t, and through step t+1.
                                                        let above = dhAbove.baseAddress! + unit, beyond = dhNext + unit
                                                        let dcBeyond = dcNext + unit  // row b of ∂L/∂c_t through step t+1
                                                        // One pointer per gate, indexed by j alone, so the loop vectorizes.
                                                        let iGate = gate, fGate = gate + hidden, gGate = gate + 2 * hidden,
                                                            oGate = gate + 3 * hidden
                                                        let dI = dGate, dF = dGate + hidden, dG = dGate + 2 * hidden,
                                                            dO = dGate + 3 * hidden
                                                        for j in 0..<hidden {
                                                            let i = iGate[j], f = fGate[j], g = gGate[j], o = oGate[j]
                                                            let tc = tanhC[j]
                                                            // h_t feeds the loss at step t and the gates of step t+1: add both.
                                                            let dh = above[j] + beyond[j]
                                                            // h = o ⊙ tanh(c): into o.
                                                            let dOutput = dh * tc
                                                            // h = o ⊙ tanh(c): into c, through tanh; plus c_t's own path into step t+1.
                                                            let dc = dcBeyond[j] + dh * o * (1 - tc * tc)
                                                            // c = f ⊙ c_{t-1} + i ⊙ g: into i, f and g.
                                                            let dInput = dc * g
                                                            let dForget = dc * cPrev[j]
                                                            let dCandidate = dc * i
                                                            // Through each gate's squashing: σ' = y(1 − y), tanh' = 1 − y².
                                                            dI[j] = dInput * i * (1 - i)
                                                            dF[j] = dForget * f * (1 - f)
                                                            dG[j] = dCandidate * (1 - g * g)
                                                            dO[j] = dOutput * o * (1 - o)
                                                            // c = f ⊙ c_{t-1} + ...: into c_{t-1}.
                                                            dcBeyond[j] = dc * f
                                                        }
                                                    }
                                                }
                                            }
                                            // Pre-activation = ... + h_{t-1} W_hhᵀ: into h_{t-1}. (rows × 4·hidden)·(4·hidden × hidden)
                                            batchBlocks.gemm(
                                                m: rows.count, n: hidden, k: 4 * hidden,
                                                a: dGates + (t * batch + rows.lowerBound) * 4 * hidden, lda: 4 * hidden, b: wHH,
                                                ldb: hidden,
                                                beta: 0, c: dhNext + rows.lowerBound * hidden, ldc: hidden)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Pre-activation = x W_ihᵀ + h_{t-1} W_hhᵀ + b_ih + b_hh, at every step. The weights are shared
        // by all steps, so their gradients are sums over time, here as one product over all steps.
        let dWeightIH = Matrix.gemm(dGates, cache.inputs, transposeA: true)  // Σ_t dGates_tᵀ x_t: (4·hidden × input)
        var dWeightHH = Matrix(rows: 4 * hidden, cols: hidden)
        // Σ_t dGates_tᵀ h_{t-1}; blocks 0..<T of the stacked states are every h_{t-1}: (4·hidden × hidden)
        Matrix.gemm(dGates, rows: nil, cache.hStates, rows: 0..<(steps * batch), into: &dWeightHH, rows: nil, transposeA: true)
        let dBias = dGates.sumRows()  // both biases are added as they are: (1 × 4·hidden)
        // Into every x_t, done only if `inputs` is read (see RecurrentGradients).
        let dxs = { [dGates, weightIH] () -> [Matrix] in
            let dX = Matrix.gemm(dGates, weightIH)  // (T·batch × 4·hidden)·(4·hidden × input)
            return (0..<steps).map { dX.rows(($0 * batch)..<(($0 + 1) * batch)) }  // T × (batch × input)
        }

        return RecurrentGradients(
            parameters: Gradients([dWeightIH, dWeightHH, dBias, dBias]),
            inputs: dxs,
            initial: LSTMState(h: dhNext, c: dcNext))
    }

    private func checkShapes(_ xs: [Matrix], initial: LSTMState) {
        let batch = initial.h.rows
        if initial.h.cols != hiddenSize {
            shapeError("LSTM(hidden: \(hiddenSize)).forward: initial state is \(initial.h.shapeDescription)")
        }
        for (t, x) in xs.enumerated() where x.rows != batch || x.cols != inputSize {
            shapeError(
                "LSTM(input: \(inputSize), hidden: \(hiddenSize)).forward: xs[\(t)] is \(x.shapeDescription), state is \(initial.h.shapeDescription)"
            )
        }
    }
}

/// Adds the row `bias` `(1 × n)` to every row of `m` `(rows × n)`, in place (no temporary, unlike `m + bias`).
func addRowToEveryRow(_ bias: Matrix, of m: inout Matrix) {
    guard bias.rows == 1 && bias.cols == m.cols else { shapeError("add row: \(bias.shapeDescription) to \(m.shapeDescription)") }
    let rows = m.rows, n = m.cols
    m.storage.withUnsafeMutableBufferPointer { out in
        bias.storage.withUnsafeBufferPointer { b in
            for r in 0..<rows {
                for c in 0..<n { out[r * n + c] += b[c] }
            }
        }
    }
}
