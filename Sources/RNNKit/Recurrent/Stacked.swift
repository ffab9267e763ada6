/// A recurrent layer that can be built from its sizes alone (with PyTorch's random initialization),
/// which is what `Stacked` needs to build its layers. `RNN`, `LSTM` and `GRU` are all such layers.
public protocol RandomlyInitializedRecurrentLayer: RecurrentLayer {
    init(inputSize: Int, hiddenSize: Int, using rng: inout RandomSource)
}

extension RNN: RandomlyInitializedRecurrentLayer {}
extension LSTM: RandomlyInitializedRecurrentLayer {}
extension GRU: RandomlyInitializedRecurrentLayer {}

/// Several recurrent layers of one kind on top of each other: PyTorch's `num_layers`.
///
/// Layer 0 reads the input sequence; layer l + 1 reads layer l's outputs h_t⁽ˡ⁾, step by step; the
/// stack's outputs are the top layer's. Each layer keeps its own state, so the stack's state is a
/// list, one per layer, bottom first (PyTorch's `h_n` of shape `(num_layers, batch, hidden)`).
///
/// **Dropout between layers**, as PyTorch does it: with `dropout` = p > 0 and in training, layer
/// l's outputs are passed through inverted dropout (see `Dropout`) before layer l + 1 reads them,
/// a fresh mask for every step; never after the top layer, and never on the state carried from
/// step to step. In evaluation nothing is dropped.
///
/// - `forward(_:initial:)`, the `RecurrentLayer` requirement, is evaluation mode: no dropout.
/// - `forward(_:initial:training:using:)` draws the masks from a seeded generator when training.
/// - `forward(_:initial:masks:)` uses given masks: a gradient check, or a chapter showing one.
///
/// Parameter names follow PyTorch: layer l's are `weight_ih_l<l>`, `weight_hh_l<l>`, ...
public struct Stacked<Layer: RecurrentLayer>: RecurrentLayer {
    /// The layers, bottom (reads the input) first.
    public var layers: [Layer]
    /// p, the probability of dropping each output of every layer but the top one, in training.
    public var dropout: Double

    /// Features per step of the input (layer 0's).
    public var inputSize: Int { layers[0].inputSize }
    /// Features of the output (the top layer's).
    public var hiddenSize: Int { layers[layers.count - 1].hiddenSize }

    /// A stack of given layers; each layer's input size must be the hidden size below it.
    public init(_ layers: [Layer], dropout: Double = 0) {
        guard !layers.isEmpty else { fatalError("Stacked: needs at least one layer") }
        for l in 1..<layers.count where layers[l].inputSize != layers[l - 1].hiddenSize {
            shapeError("Stacked: layer \(l) reads \(layers[l].inputSize) features but layer \(l - 1) gives \(layers[l - 1].hiddenSize)")
        }
        guard dropout >= 0 && dropout <= 1 else { fatalError("Stacked(dropout: \(dropout)): must be in [0, 1]") }
        self.layers = layers
        self.dropout = dropout
    }

    /// A State for each layer, bottom first.
    public typealias State = [Layer.State]

    /// What `forward` keeps for `backward`.
    public struct Cache {
        /// Each layer's own cache, bottom first.
        public let layers: [Layer.Cache]
        /// The dropout masks, `masks[l][t]` applied to layer l's output at step t (for
        /// l = 0 ..< layers.count − 1), or `nil` when nothing was dropped.
        public let masks: [[Matrix]]?
    }

    /// All the layers' parameters, bottom layer first, each layer in its own order.
    public var parameters: [Matrix] {
        get { layers.flatMap(\.parameters) }
        set {
            guard newValue.count == layers.reduce(0, { $0 + $1.parameters.count }) else {
                shapeError(
                    "Stacked.parameters: got \(newValue.count) matrices for \(layers.reduce(0, { $0 + $1.parameters.count })) parameters")
            }
            var start = 0
            for l in layers.indices {
                let n = layers[l].parameters.count
                layers[l].parameters = Array(newValue[start..<(start + n)])
                start += n
            }
        }
    }

    /// Layer l's names with its suffix `_l0` replaced by `_l<l>` (PyTorch's names for `num_layers`
    /// > 1); a name without that suffix gets the prefix `<l>.`.
    public var parameterNames: [String] {
        layers.indices.flatMap { l in
            layers[l].parameterNames.map { name in
                name.hasSuffix("_l0") ? String(name.dropLast(3)) + "_l\(l)" : "\(l).\(name)"
            }
        }
    }

    /// Every layer's zero state.
    public func zeroState(batch: Int) -> [Layer.State] { layers.map { $0.zeroState(batch: batch) } }

    // MARK: - Forward

    /// Runs the stack in evaluation mode (no dropout) from `initial` (one state per layer).
    public func forward(_ xs: [Matrix], initial: [Layer.State]) -> (hs: [Matrix], final: [Layer.State], cache: Cache) {
        forward(xs, initial: initial, masks: nil)
    }

    /// Runs the stack; when `training` and `dropout` > 0, draws a dropout mask for every step
    /// between every two layers from `rng` (layer by layer, step by step).
    public func forward(
        _ xs: [Matrix], initial: [Layer.State], training: Bool, using rng: inout RandomSource
    ) -> (hs: [Matrix], final: [Layer.State], cache: Cache) {
        guard training && dropout > 0 && layers.count > 1 else { return forward(xs, initial: initial, masks: nil) }
        let drop = Dropout(p: dropout)
        var masks: [[Matrix]] = []
        var input = xs
        var finals: [Layer.State] = [], caches: [Layer.Cache] = []
        // Masks are drawn as the layers run: layer by layer, and step by step within a layer.
        for l in layers.indices {
            let (hs, final, cache) = layers[l].forward(input, initial: initial[l])  // layer l over the whole sequence
            finals.append(final)
            caches.append(cache)
            input = hs
            if l < layers.count - 1 {
                let stepMasks = hs.map { drop.mask(rows: $0.rows, cols: $0.cols, using: &rng) }
                masks.append(stepMasks)
                input = zip(hs, stepMasks).map { $0 * $1 }  // inverted dropout between layer l and l + 1
            }
        }
        return (input, finals, Cache(layers: caches, masks: masks))
    }

    /// Runs the stack in evaluation mode from every layer's zero state.
    public func forward(_ xs: [Matrix]) -> (hs: [Matrix], final: [Layer.State], cache: Cache) {
        forward(xs, initial: zeroState(batch: xs.first?.rows ?? 0))
    }

    /// Runs the stack with given dropout masks: `masks[l][t]` multiplies layer l's output at step t
    /// (entries 0 or 1/(1 − p), as `Dropout.mask` draws them); `nil` for none.
    public func forward(_ xs: [Matrix], initial: [Layer.State], masks: [[Matrix]]?) -> (hs: [Matrix], final: [Layer.State], cache: Cache) {
        guard initial.count == layers.count else {
            fatalError("Stacked.forward: \(initial.count) initial states for \(layers.count) layers")
        }
        if let masks, masks.count != layers.count - 1 || masks.contains(where: { $0.count != xs.count }) {
            fatalError("Stacked.forward: need \(layers.count - 1) lists of \(xs.count) masks, got \(masks.map(\.count))")
        }
        var input = xs
        var finals: [Layer.State] = [], caches: [Layer.Cache] = []
        for l in layers.indices {
            let (hs, final, cache) = layers[l].forward(input, initial: initial[l])  // layer l over the whole sequence
            finals.append(final)
            caches.append(cache)
            input = hs
            if let masks, l < layers.count - 1 {
                input = zip(hs, masks[l]).map { h, m in
                    guard h.shape == m.shape else {
                        shapeError("Stacked.forward: mask \(m.shapeDescription) for outputs \(h.shapeDescription)")
                    }
                    return h * m  // inverted dropout between layer l and l + 1
                }
            }
        }
        return (input, finals, Cache(layers: caches, masks: masks))
    }

    // MARK: - Backward

    /// Backpropagation through the stack: the top layer's BPTT first; its gradients with respect to
    /// its inputs, times the dropout masks, are the gradients of the outputs of the layer below.
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂(top layer's h_t) for every step.
    ///   - dFinal: ∂L/∂(each layer's final state), bottom first, or `nil`.
    /// - Returns: gradients in `parameters` order, of every input, and of each layer's initial state.
    public func backward(_ dhs: [Matrix], dFinal: [Layer.State]?, cache: Cache) -> RecurrentGradients<[Layer.State]> {
        if let dFinal, dFinal.count != layers.count {
            fatalError("Stacked.backward: \(dFinal.count) final-state gradients for \(layers.count) layers")
        }
        var dOutputs = dhs  // ∂L/∂(layer l's outputs), starting at the top
        var parameterGradients: [[Matrix]] = Array(repeating: [], count: layers.count)
        var initialGradients: [Layer.State] = []
        for l in layers.indices.reversed() {
            // BPTT through layer l, over the whole sequence.
            let g = layers[l].backward(dOutputs, dFinal: dFinal?[l], cache: cache.layers[l])
            parameterGradients[l] = g.parameters.values
            initialGradients.append(g.initial)
            dOutputs = g.inputs  // into layer l's inputs: the outputs of layer l − 1 (or the xs)
            if l > 0, let masks = cache.masks {
                dOutputs = zip(dOutputs, masks[l - 1]).map { $0 * $1 }  // back through the dropout: the same mask
            }
        }
        return RecurrentGradients(
            parameters: Gradients(parameterGradients.flatMap { $0 }),
            inputs: dOutputs,
            initial: initialGradients.reversed())
    }
}

extension Stacked where Layer: RandomlyInitializedRecurrentLayer {
    /// `count` layers of PyTorch-initialized cells, as `nn.LSTM(inputSize, hiddenSize, num_layers: count,
    /// dropout: dropout)` builds them: layer 0 reads `inputSize` features, the others `hiddenSize`,
    /// drawn bottom layer first.
    public init(inputSize: Int, hiddenSize: Int, layers count: Int, dropout: Double = 0, using rng: inout RandomSource) {
        guard count >= 1 else { fatalError("Stacked(layers: \(count)): needs at least one layer") }
        var layers: [Layer] = []
        for l in 0..<count {
            layers.append(Layer(inputSize: l == 0 ? inputSize : hiddenSize, hiddenSize: hiddenSize, using: &rng))
        }
        self.init(layers, dropout: dropout)
    }
}

extension Stacked: Sendable where Layer: Sendable {}
extension Stacked.Cache: Sendable where Layer.Cache: Sendable {}
