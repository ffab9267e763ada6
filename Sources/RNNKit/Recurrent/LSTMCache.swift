/// What `LSTM.forward` keeps for `LSTM.backward`, and the gate values a chapter can look at.
///
/// The activated gates of all steps sit in one matrix, `gates`, `(T·batch × 4·hidden)`: rows
/// `t·batch ..< (t+1)·batch` are step t, and its columns are i, f, g, o, `hidden` columns each
/// (PyTorch's order). `gates(at:)` and the `inputGates`, `forgetGates`, ... lists cut it apart.
public struct LSTMCache: Sendable {
    /// Every step's input stacked, x_0 above x_1 above ...: `(T·batch × input)`.
    public let inputs: Matrix
    /// The state the sequence started from.
    public let initial: LSTMState
    /// The activated gates [i, f, g, o] of every step: `(T·batch × 4·hidden)`.
    public let gates: Matrix
    /// h_t for every step, each `(batch × hidden)`.
    public let hs: [Matrix]
    /// Every hidden state stacked, h_{-1} first: row block 0 is the initial h, row block t + 1 is
    /// h_t. `((T+1)·batch × hidden)`. Its first T blocks are every h_{t-1}, which the backward pass
    /// multiplies by in one product, without stacking them again.
    let hStates: Matrix
    /// Every cell state stacked the same way: block 0 is the initial c, block t + 1 is c_t.
    /// `((T+1)·batch × hidden)`
    let cStates: Matrix
    /// tanh(c_t) for every step stacked, block t: `(T·batch × hidden)`. The backward pass needs it;
    /// keeping it saves recomputing it.
    let tanhCStates: Matrix

    /// c_t for every step, each `(batch × hidden)`.
    public var cs: [Matrix] { (0..<steps).map { cStates.rows((($0 + 1) * batch)..<(($0 + 2) * batch)) } }
    /// tanh(c_t) for every step, each `(batch × hidden)`.
    public var tanhCs: [Matrix] { (0..<steps).map { tanhCStates.rows(($0 * batch)..<(($0 + 1) * batch)) } }

    /// Number of time steps.
    public var steps: Int { hs.count }
    /// Rows per step.
    public var batch: Int { initial.h.rows }
    /// Units per gate.
    public var hiddenSize: Int { initial.h.cols }

    /// The four gates at step `t`, each `(batch × hidden)`, values in (0, 1) for i, f, o and in
    /// (−1, 1) for the candidate g.
    public func gates(at t: Int) -> (i: Matrix, f: Matrix, g: Matrix, o: Matrix) {
        let step = gates.rows((t * batch)..<((t + 1) * batch))  // (batch × 4·hidden)
        let h = hiddenSize
        return (step.columns(0..<h), step.columns(h..<(2 * h)), step.columns((2 * h)..<(3 * h)), step.columns((3 * h)..<(4 * h)))
    }

    /// i_t, the input gate, for every step.
    public var inputGates: [Matrix] { (0..<steps).map { gates(at: $0).i } }
    /// f_t, the forget gate, for every step.
    public var forgetGates: [Matrix] { (0..<steps).map { gates(at: $0).f } }
    /// g_t, the candidate written to the cell, for every step.
    public var cellCandidates: [Matrix] { (0..<steps).map { gates(at: $0).g } }
    /// o_t, the output gate, for every step.
    public var outputGates: [Matrix] { (0..<steps).map { gates(at: $0).o } }
    /// c_t, the cell state, for every step (the same as `cs`).
    public var cellStates: [Matrix] { cs }
}
