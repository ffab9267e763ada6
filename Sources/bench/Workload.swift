import RNNKit

/// One benchmark: a recurrent layer with a Linear head on its last output, trained one step at a
/// time on a fixed random batch.
///
/// A training step is what a training loop does per batch: forward over the sequence, the head on
/// the last hidden state, the MSE against the target, backpropagation through the head and through
/// time, and an Adam update of every parameter (layer and head).
struct Workload {
    enum Cell: String { case rnn = "RNN", lstm = "LSTM", gru = "GRU" }

    /// `W1-RNN`, `W2-GRU`, ...: what `--only` selects.
    let name: String
    let cell: Cell
    let input: Int
    let hidden: Int
    let batch: Int
    let steps: Int

    /// Whether one step is long enough (more than a tenth of a second) to time steps one by one.
    var isLarge: Bool { flopsPerStep > 1e10 }

    /// Floating-point operations of one training step's matrix products (a multiply-add counts 2).
    ///
    /// With G gate rows (1 for the RNN, 3 for the GRU, 4 for the LSTM), hidden size H, input size I
    /// and N = steps·batch rows:
    ///   forward:  the input projection x W_ihᵀ, 2·N·I·GH, and the recurrent products h W_hhᵀ, 2·N·H·GH;
    ///   backward: ∂W_ih (2·GH·N·I), ∂W_hh (2·GH·N·H) and ∂h into the previous step (2·N·GH·H).
    /// In all 2·N·GH·(2I + 3H). The gradient of the inputs, ∂x = ∂a W_ih (another 2·N·GH·I), is not
    /// computed: nothing reads it in a one-layer model (`RecurrentGradients.inputs` is computed on
    /// first read), as PyTorch skips it for inputs that do not require a gradient. The head
    /// (2·batch·H per pass) and the elementwise work are left out.
    var flopsPerStep: Double { flopBreakdown.reduce(0) { $0 + $1.1 } }

    /// The product counts of `flopsPerStep`, one line each, for the report.
    var flopBreakdown: [(String, Double)] {
        let gates: Double = cell == .rnn ? 1 : cell == .gru ? 3 : 4
        let n = Double(steps * batch), gh = gates * Double(hidden), i = Double(input), h = Double(hidden)
        return [
            ("forward  x W_ihᵀ (all steps at once)", 2 * n * i * gh),
            ("forward  h W_hhᵀ (one per step)", 2 * n * h * gh),
            ("backward ∂W_ih = Σ ∂aᵀ x", 2 * gh * n * i),
            ("backward ∂W_hh = Σ ∂aᵀ h", 2 * gh * n * h),
            ("backward ∂h = ∂a W_hh (one per step)", 2 * n * gh * h),
        ]
    }

    static let all: [Workload] = [
        Workload(name: "W1-RNN", cell: .rnn, input: 1, hidden: 64, batch: 32, steps: 50),
        Workload(name: "W1-LSTM", cell: .lstm, input: 1, hidden: 64, batch: 32, steps: 50),
        Workload(name: "W1-GRU", cell: .gru, input: 1, hidden: 64, batch: 32, steps: 50),
        Workload(name: "W2-GRU", cell: .gru, input: 32, hidden: 256, batch: 64, steps: 100),
        Workload(name: "W3-LSTM", cell: .lstm, input: 256, hidden: 1024, batch: 64, steps: 50),
    ]

    /// Builds the model, the data and the optimizers, and returns one training step, which
    /// returns its loss (so that the work cannot be optimized away, and runs can be compared).
    func makeTrainingStep() -> () -> Double {
        var rng = RandomSource(seed: 7)
        let xs = (0..<steps).map { _ in Matrix.normal(batch, input, using: &rng) }  // T × (batch × input)
        let target = Matrix.normal(batch, 1, using: &rng)  // (batch × 1)
        // Many-to-one: only the last step's output is read, so ∂L/∂hₜ is zero for every other step.
        let zeros = [Matrix](repeating: Matrix(rows: batch, cols: hidden), count: steps)
        func dhs(_ dLast: Matrix) -> [Matrix] {
            var d = zeros
            d[steps - 1] = dLast
            return d
        }
        switch cell {
        case .rnn:
            let layer = RNN(inputSize: input, hiddenSize: hidden, using: &rng)
            var trainer = Trainer(layer: layer, xs: xs, target: target, rng: &rng) { layer, cache, dLast in
                layer.backward([], dFinal: dLast, cache: cache).parameters  // the last output is the final state
            }
            return { trainer.step() }
        case .lstm:
            let layer = LSTM(inputSize: input, hiddenSize: hidden, using: &rng)
            var trainer = Trainer(layer: layer, xs: xs, target: target, rng: &rng) { layer, cache, dLast in
                layer.backward(dhs(dLast), dFinal: nil, cache: cache).parameters
            }
            return { trainer.step() }
        case .gru:
            let layer = GRU(inputSize: input, hiddenSize: hidden, using: &rng)
            var trainer = Trainer(layer: layer, xs: xs, target: target, rng: &rng) { layer, cache, dLast in
                layer.backward(dhs(dLast), dFinal: nil, cache: cache).parameters
            }
            return { trainer.step() }
        }
    }
}

/// A recurrent layer with a Linear head on its last output, their Adam optimizers and one batch.
struct Trainer<Layer: RecurrentLayer> {
    var layer: Layer
    var head: Linear
    var layerOptimizer = Adam(learningRate: 1e-3)
    var headOptimizer = Adam(learningRate: 1e-3)
    /// The batch: T steps of `(batch × input)`, and a `(batch × 1)` target.
    let xs: [Matrix]
    let target: Matrix
    /// BPTT from ∂L/∂(last output): returns the layer's parameter gradients.
    let backwardFromLast: (Layer, Layer.Cache, Matrix) -> Gradients

    init(
        layer: Layer, xs: [Matrix], target: Matrix, rng: inout RandomSource,
        backwardFromLast: @escaping (Layer, Layer.Cache, Matrix) -> Gradients
    ) {
        self.layer = layer
        self.head = Linear(inputSize: layer.hiddenSize, outputSize: 1, using: &rng)
        self.xs = xs
        self.target = target
        self.backwardFromLast = backwardFromLast
    }

    /// One training step; returns the loss before the update.
    mutating func step() -> Double {
        let (hs, _, cache) = layer.forward(xs, initial: layer.zeroState(batch: target.rows))
        let last = hs[hs.count - 1]  // (batch × hidden)
        let prediction = head.forward(last)  // (batch × 1)
        let (loss, dPrediction) = mseLoss(prediction, target)
        let (headGradients, dLast) = head.backward(dPrediction, input: last)
        let layerGradients = backwardFromLast(layer, cache, dLast)  // BPTT
        layerOptimizer.step(&layer.parameters, layerGradients)
        headOptimizer.step(&head.parameters, headGradients)
        return loss
    }
}
