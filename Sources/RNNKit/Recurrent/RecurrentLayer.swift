/// One recurrent layer run over a whole sequence: the tanh RNN, the LSTM and the GRU are each one.
///
/// A sequence is a list of time steps, `xs[t]` of shape `(batch × inputSize)`, one row per example.
/// `forward` returns every step's hidden output `hs[t]` `(batch × hiddenSize)`, the final state,
/// and a cache that `backward` takes to run backpropagation through time.
///
/// `backward` receives the gradient of the loss with respect to each output `hs[t]` (a zero
/// matrix where no loss reads that step: a many-to-one model passes zeros for all but the last)
/// and, optionally, with respect to the final state (when a later chunk of the sequence used it).
///
/// The RNN, the LSTM and the GRU agree on the edge cases (their shared setup is
/// `RecurrentSetup.swift`): `dhs` may also be empty, meaning that no loss reads any step's output
/// (only the final state is read); a sequence of zero steps is allowed, its forward returns no
/// outputs and the initial state as the final one, and its backward returns zero parameter
/// gradients and `dFinal` (or zeros) as the initial state's gradient. Shapes that do not fit trap
/// with both shapes in the message.
public protocol RecurrentLayer: Parameterized {
    /// The state carried between steps: the hidden state `h` for the RNN and the GRU, `(h, c)` for the LSTM.
    associatedtype State
    /// What the forward pass keeps for the backward pass.
    associatedtype Cache

    /// Features per step of the input.
    var inputSize: Int { get }
    /// Features of the hidden state.
    var hiddenSize: Int { get }

    /// The all-zero state for a batch of `batch` sequences.
    func zeroState(batch: Int) -> State

    /// Runs the layer over `xs` from `initial`.
    func forward(_ xs: [Matrix], initial: State) -> (hs: [Matrix], final: State, cache: Cache)

    /// Backpropagation through time. `dhs[t]` is ∂L/∂hs[t] from above; `dFinal` is ∂L/∂(final state)
    /// from beyond the sequence, or `nil` for none.
    func backward(_ dhs: [Matrix], dFinal: State?, cache: Cache) -> RecurrentGradients<State>
}

/// What backpropagation through time returns.
public struct RecurrentGradients<State> {
    /// ∂L/∂θ for every parameter, in `parameters` order.
    public var parameters: Gradients
    /// ∂L/∂xs[t] for every step.
    ///
    /// The layers compute it when it is first read, not in `backward` itself: a training step
    /// of a one-layer model never reads it (its inputs are data, not something to train), and for
    /// an LSTM with wide inputs it is one product in fifteen of the whole step. (PyTorch likewise
    /// skips the gradient of inputs that do not require one.)
    public var inputs: [Matrix] {
        get { inputsValue.value }
        set { inputsValue = LazyValue(newValue) }
    }
    /// ∂L/∂(initial state).
    public var initial: State

    private var inputsValue: LazyValue<[Matrix]>

    public init(parameters: Gradients, inputs: [Matrix], initial: State) {
        self.parameters = parameters
        self.inputsValue = LazyValue(inputs)
        self.initial = initial
    }

    /// Gradients whose `inputs` are computed by `inputs` when first read.
    init(parameters: Gradients, inputs: @escaping () -> [Matrix], initial: State) {
        self.parameters = parameters
        self.inputsValue = LazyValue(inputs)
        self.initial = initial
    }
}

/// A value computed on first use and then kept (shared by the copies of a `RecurrentGradients`).
final class LazyValue<Value> {
    private var computed: Value?
    private var compute: (() -> Value)?

    init(_ value: Value) { computed = value }
    init(_ compute: @escaping () -> Value) { self.compute = compute }

    var value: Value {
        if let computed { return computed }
        let v = compute!()
        computed = v
        compute = nil  // release what the computation held (a layer's stacked gradients)
        return v
    }
}
