/// The setup the tanh RNN, the LSTM and the GRU share, in one place: PyTorch's initialization,
/// the parameter list and its names, and the shape checks of a sequence and of its gradients.
///
/// A layer with G gates (1 for the RNN, 4 for the LSTM, 3 for the GRU) and hidden size H keeps its
/// gates' weights stacked: W_ih `(G·H × input)`, W_hh `(G·H × H)`, b_ih and b_hh `(1 × G·H)`.
///
/// **Empty sequences and unread outputs**, the same for all three layers (and for their readable
/// and kernel paths):
/// - `forward` over zero steps returns no outputs, the initial state as the final one, and a cache
///   for `backward`;
/// - `backward` takes `dhs` either with one `(batch × hidden)` gradient per step, or empty: no loss
///   reads any step's output, only the final state does (a many-to-one model reading `final`);
/// - over zero steps, `backward` returns zero parameter gradients, no input gradients, and `dFinal`
///   (zeros when `nil`) as the gradient of the initial state, which was also the final one.
///
/// A shape that does not fit traps with both shapes in the message (`fatalError`, which keeps its
/// message in release builds).
enum RecurrentSetup {
    /// PyTorch's initialization of a layer with `gates` gates: `weight_ih`, `weight_hh`, `bias_ih`,
    /// `bias_hh`, drawn in that order, each uniform in ±1/√hidden (so a layer built with the same
    /// seed draws the same numbers whatever else it computes).
    static func pytorchInitialization(gates: Int, inputSize: Int, hiddenSize: Int, using rng: inout RandomSource) -> [Matrix] {
        let k = 1 / Double(hiddenSize).squareRoot()
        let weightIH = Matrix.uniform(gates * hiddenSize, inputSize, -k, k, using: &rng)  // (G·hidden × input)
        let weightHH = Matrix.uniform(gates * hiddenSize, hiddenSize, -k, k, using: &rng)  // (G·hidden × hidden)
        let biasIH = Matrix.uniform(1, gates * hiddenSize, -k, k, using: &rng)  // (1 × G·hidden)
        let biasHH = Matrix.uniform(1, gates * hiddenSize, -k, k, using: &rng)  // (1 × G·hidden)
        return [weightIH, weightHH, biasIH, biasHH]
    }

    /// PyTorch's `named_parameters()` names of a one-layer recurrent module, in `parameters` order.
    static let parameterNames = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]

    /// Traps unless `[weightIH, weightHH, biasIH, biasHH]` fit a layer with `gates` gates:
    /// `(G·h × input)`, `(G·h × h)`, `(1 × G·h)`, `(1 × G·h)` with h = the columns of W_hh.
    static func checkWeights(_ layer: String, gates: Int, _ weights: [Matrix]) {
        let (weightIH, weightHH, biasIH, biasHH) = (weights[0], weights[1], weights[2], weights[3])
        let h = weightHH.cols, g = gates * h
        guard weightHH.rows == g, weightIH.rows == g, biasIH.shape == (1, g), biasHH.shape == (1, g) else {
            let given = weights.map(\.shapeDescription).joined(separator: ", ")
            let gh = gates == 1 ? "h" : "\(gates)h"
            shapeError("\(layer)(weightIH, weightHH, biasIH, biasHH): \(given), need (\(gh)×input), (\(gh)×h), (1×\(gh)), (1×\(gh))")
        }
    }

    /// Traps unless `new` are four matrices shaped like `old` (the parameters' setter).
    static func checkReplacement(_ layer: String, old: [Matrix], new: [Matrix]) {
        guard new.count == old.count, zip(old, new).allSatisfy({ $0.shape == $1.shape }) else {
            shapeError("\(layer).parameters: expected \(old.map(\.shapeDescription)), got \(new.map(\.shapeDescription))")
        }
    }

    /// Traps unless every part of the initial state is `(batch × hidden)` and every `xs[t]` is
    /// `(batch × input)`, with batch = the rows of the state's first part.
    static func checkSequence(_ layer: String, _ xs: [Matrix], state: [Matrix], inputSize: Int, hiddenSize: Int) {
        let batch = state[0].rows
        let name = "\(layer)(input: \(inputSize), hidden: \(hiddenSize)).forward"
        for part in state where part.shape != (batch, hiddenSize) {
            shapeError("\(name): initial state \(part.shapeDescription), need (\(batch)×\(hiddenSize))")
        }
        for (t, x) in xs.enumerated() where x.shape != (batch, inputSize) {
            shapeError("\(name): xs[\(t)] is \(x.shapeDescription), need (\(batch)×\(inputSize))")
        }
    }

    /// Traps unless `dhs` is empty or one `(batch × hidden)` gradient per step, and every part of
    /// `dFinal` (if any) is `(batch × hidden)`.
    static func checkGradients(_ layer: String, _ dhs: [Matrix], dFinal: [Matrix]?, steps: Int, batch: Int, hiddenSize: Int) {
        let need = "(\(batch)×\(hiddenSize))"
        guard dhs.isEmpty || dhs.count == steps else {
            shapeError("\(layer).backward: \(dhs.count) output gradients dhs for a sequence of \(steps) steps (need \(steps), or none)")
        }
        for (t, dh) in dhs.enumerated() where dh.shape != (batch, hiddenSize) {
            shapeError("\(layer).backward: dhs[\(t)] is \(dh.shapeDescription), need \(need)")
        }
        for part in dFinal ?? [] where part.shape != (batch, hiddenSize) {
            shapeError("\(layer).backward: dFinal \(part.shapeDescription), need \(need)")
        }
    }

    /// `dhs`, or `steps` zero gradients when it is empty (no loss reads any step's output): what
    /// the kernels of the gated layers read.
    static func everyStep(_ dhs: [Matrix], steps: Int, batch: Int, hiddenSize: Int) -> [Matrix] {
        dhs.isEmpty ? [Matrix](repeating: Matrix(rows: batch, cols: hiddenSize), count: steps) : dhs
    }
}

extension SteppedRecurrentLayer {
    /// The layer's name in messages: `LSTM`, `GRU`, `RNN`.
    var layerName: String { "\(Self.self)" }

    /// `RecurrentSetup.checkSequence` for this layer: the same check for both paths.
    func checkSequence(_ xs: [Matrix], initial: State) {
        RecurrentSetup.checkSequence(layerName, xs, state: Self.matrices(of: initial), inputSize: inputSize, hiddenSize: hiddenSize)
    }

    /// `RecurrentSetup.checkGradients` for this layer, a sequence of `steps` steps from `initial`.
    func checkGradients(_ dhs: [Matrix], dFinal: State?, steps: Int, initial: State) {
        RecurrentSetup.checkGradients(
            layerName, dhs, dFinal: dFinal.map(Self.matrices(of:)), steps: steps, batch: Self.output(of: initial).rows,
            hiddenSize: hiddenSize)
    }

    /// What `backward` returns for a sequence of zero steps: zero parameter gradients, no input
    /// gradients, and `dFinal` (or zeros) for the initial state, which was also the final one.
    func emptySequenceGradients(dFinal: State?, initial: State) -> RecurrentGradients<State> {
        RecurrentGradients(
            parameters: .zeros(like: parameters), inputs: [], initial: dFinal ?? zeroState(batch: Self.output(of: initial).rows))
    }
}

/// A recurrent layer whose gates' weights are fused, PyTorch's layout: all G gates' input weights
/// in one matrix W_ih `(G·hidden × input)`, their recurrent weights in W_hh `(G·hidden × hidden)`,
/// and two bias rows `(1 × G·hidden)`, so that one matrix product computes every gate. The tanh
/// RNN (G = 1), the LSTM (G = 4, rows i, f, g, o) and the GRU (G = 3, rows r, z, n) are such
/// layers; their sizes, parameter list and names come from here.
public protocol FusedGateLayer: Parameterized {
    /// G, the gates per hidden unit: 1 for the RNN, 4 for the LSTM, 3 for the GRU.
    static var gateCount: Int { get }
    /// W_ih, the input weights of every gate, `(G·hidden × input)`.
    var weightIH: Matrix { get set }
    /// W_hh, the recurrent weights of every gate, `(G·hidden × hidden)`.
    var weightHH: Matrix { get set }
    /// b_ih, `(1 × G·hidden)`.
    var biasIH: Matrix { get set }
    /// b_hh, `(1 × G·hidden)`.
    var biasHH: Matrix { get set }
}

extension FusedGateLayer {
    /// Features per step of the input: the columns of W_ih.
    public var inputSize: Int { weightIH.cols }
    /// Features of the hidden state: the columns of W_hh.
    public var hiddenSize: Int { weightHH.cols }

    /// `[weightIH, weightHH, biasIH, biasHH]`, PyTorch's order of `named_parameters()`. Setting
    /// traps unless the new values have the same shapes.
    public var parameters: [Matrix] {
        get { [weightIH, weightHH, biasIH, biasHH] }
        set {
            RecurrentSetup.checkReplacement("\(Self.self)", old: parameters, new: newValue)
            (weightIH, weightHH, biasIH, biasHH) = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    /// PyTorch's names: `["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]`.
    public var parameterNames: [String] { RecurrentSetup.parameterNames }
}
