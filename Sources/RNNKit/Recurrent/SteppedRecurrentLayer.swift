/// A recurrent layer written as one readable step and its backward: the tanh RNN, the LSTM and the
/// GRU each are one.
///
/// `step(_:from:)` is one time step on `Matrix` values, one line per equation of the layer's
/// chapter; `stepBackward(_:cache:)` is its backward pass, right under it in the layer's
/// `+Step.swift` file. From these two, `forwardReadable` and `backwardReadable` run a whole
/// sequence, step after step: the path a reader follows.
///
/// The layers' `forward` and `backward` compute the same values by their kernels (`Kernels/`):
/// all steps' input products at once, threads, loops without allocation. The tests hold the two
/// paths equal, outputs and every gradient, to 1e-13 relative.
public protocol SteppedRecurrentLayer: RecurrentLayer {
    /// What one step keeps for its backward pass: its input, the previous state, the gates.
    associatedtype StepCache

    /// One time step: from the input x `(batch × input)` and the previous state, the next state.
    func step(_ x: Matrix, from state: State) -> (state: State, cache: StepCache)

    /// The backward pass of one step. `dState` is ∂L/∂(the state the step returned), everything
    /// that reaches it: the loss read at this step (added to the h part) and the steps after it.
    func stepBackward(_ dState: State, cache: StepCache) -> StepGradients<State>

    /// The matrices of a state, h first: `[h]` for the RNN and the GRU, `[h, c]` for the LSTM.
    static func matrices(of state: State) -> [Matrix]

    /// `dState` with `dh` added to its h part: ∂L/∂h_t collects the loss read at step t too.
    static func addingToOutput(_ dh: Matrix, _ dState: State) -> State
}

/// What the backward pass of one readable step returns.
public struct StepGradients<State> {
    /// This step's share of ∂L/∂θ, in `parameters` order.
    public var parameters: Gradients
    /// ∂L/∂x, the gradient of this step's input, `(batch × input)`.
    public var input: Matrix
    /// ∂L/∂(the previous state): dhPrev (and dcPrev for the LSTM), `(batch × hidden)` each.
    public var previous: State

    public init(parameters: Gradients, input: Matrix, previous: State) {
        self.parameters = parameters
        self.input = input
        self.previous = previous
    }
}

/// What `forwardReadable` keeps for `backwardReadable`: the state the sequence started from, and
/// every step's own cache.
public struct StepwiseCache<StepCache, State> {
    /// The state before the first step.
    public let initial: State
    /// `steps[t]` is what step t kept.
    public let steps: [StepCache]
}

extension SteppedRecurrentLayer {
    /// The output h of a state: the state itself for the RNN and the GRU, `state.h` for the LSTM.
    public static func output(of state: State) -> Matrix { matrices(of: state)[0] }

    /// Runs `step` over `xs` from `initial`: the readable forward pass of the whole sequence.
    /// Same results as `forward(_:initial:)`, by the path a chapter shows.
    public func forwardReadable(_ xs: [Matrix], initial: State) -> (
        hs: [Matrix], final: State, cache: StepwiseCache<StepCache, State>
    ) {
        checkSequence(xs, initial: initial)  // the same checks as `forward` (RecurrentSetup.swift)
        var state = initial
        var hs: [Matrix] = []  // h_t for every step, each (batch × hidden)
        var caches: [StepCache] = []
        for x in xs {
            let (next, cache) = step(x, from: state)
            hs.append(Self.output(of: next))
            caches.append(cache)
            state = next
        }
        return (hs, state, StepwiseCache(initial: initial, steps: caches))
    }

    /// Backpropagation through time by `stepBackward`, from the last step to the first: the
    /// readable backward pass of the whole sequence. Same arguments and results as `backward`.
    public func backwardReadable(_ dhs: [Matrix], dFinal: State?, cache: StepwiseCache<StepCache, State>) -> RecurrentGradients<
        State
    > {
        let steps = cache.steps.count
        checkGradients(dhs, dFinal: dFinal, steps: steps, initial: cache.initial)  // as `backward` does
        var dNext = dFinal ?? zeroState(batch: Self.output(of: cache.initial).rows)  // ∂L/∂state_t through the steps after t
        var dParameters = Gradients.zeros(like: parameters)
        var dxs: [Matrix] = []
        for t in stride(from: steps - 1, through: 0, by: -1) {
            // h_t feeds the loss at step t and the step t+1: add both roads.
            let dState = dhs.isEmpty ? dNext : Self.addingToOutput(dhs[t], dNext)
            let g = stepBackward(dState, cache: cache.steps[t])
            // The weights are shared by all steps: their gradients are sums over the steps.
            dParameters.values = zip(dParameters.values, g.parameters.values).map { $0 + $1 }
            dxs.append(g.input)
            dNext = g.previous  // into the state before step t
        }
        return RecurrentGradients(parameters: dParameters, inputs: dxs.reversed(), initial: dNext)
    }
}
