/// What `GRU.forward` keeps for `GRU.backward`, and the gate values a chapter can look at.
///
/// The activated gates of all steps sit in one matrix, `gates`, `(T·batch × 3·hidden)`: rows
/// `t·batch ..< (t+1)·batch` are step t, and its columns are r, z, n, `hidden` columns each
/// (PyTorch's order).
public struct GRUCache: Sendable {
    /// Every step's input stacked, x_0 above x_1 above ...: `(T·batch × input)`.
    public let inputs: Matrix
    /// The hidden state the sequence started from, `(batch × hidden)`.
    public let initial: Matrix
    /// The activated gates [r, z, n] of every step: `(T·batch × 3·hidden)`.
    public let gates: Matrix
    /// h_{t-1} W_hnᵀ + b_hn of every step, the hidden part of the candidate before the reset
    /// gate multiplies it (the backward pass needs it for ∂L/∂r): `(T·batch × hidden)`.
    public let hiddenCandidates: Matrix
    /// h_t for every step, each `(batch × hidden)`.
    public let hs: [Matrix]
    /// Every hidden state stacked, h_{-1} first: row block 0 is the initial h, row block t + 1 is
    /// h_t. `((T+1)·batch × hidden)`. Its first T blocks are every h_{t-1}, which the backward pass
    /// reads step by step and multiplies by in one product, without stacking them again.
    let hStates: Matrix

    /// Number of time steps.
    public var steps: Int { hs.count }
    /// Rows per step.
    public var batch: Int { initial.rows }
    /// Units per gate.
    public var hiddenSize: Int { initial.cols }

    /// The reset gate r, the update gate z and the candidate n at step `t`, each
    /// `(batch × hidden)`; r and z in (0, 1), n in (−1, 1).
    public func gates(at t: Int) -> (r: Matrix, z: Matrix, n: Matrix) {
        let step = gates.rows((t * batch)..<((t + 1) * batch))  // (batch × 3·hidden)
        let h = hiddenSize
        return (step.columns(0..<h), step.columns(h..<(2 * h)), step.columns((2 * h)..<(3 * h)))
    }

    /// r_t, the reset gate, for every step.
    public var resetGates: [Matrix] { (0..<steps).map { gates(at: $0).r } }
    /// z_t, the update gate, for every step (near 1: keep the old state).
    public var updateGates: [Matrix] { (0..<steps).map { gates(at: $0).z } }
    /// n_t, the candidate state, for every step.
    public var candidates: [Matrix] { (0..<steps).map { gates(at: $0).n } }
}
