/// One recurrent layer as an encoder of padded batches: it reads each sequence from its first step
/// to its last, and its summary is the output at each sequence's own last real step.
///
///     hs[t] = h_t (zero where row b is padding, t ≥ n_b)     last_b = h_{n_b − 1}, row b
///
/// Padding comes after a row's real steps, so it cannot change them: the layer runs over the whole
/// padded batch, and the padding's outputs are simply not used.
public struct Unidirectional<Layer: RecurrentLayer>: SequenceEncoder {
    /// The recurrent layer.
    public var layer: Layer

    public var inputSize: Int { layer.inputSize }
    public var outputSize: Int { layer.hiddenSize }

    /// An encoder over `layer`, which starts from its zero state.
    public init(_ layer: Layer) { self.layer = layer }

    public var parameters: [Matrix] {
        get { layer.parameters }
        set { layer.parameters = newValue }
    }
    public var parameterNames: [String] { layer.parameterNames }

    /// What `forward` keeps for `backward`.
    public struct Cache {
        /// The layer's cache.
        public let layer: Layer.Cache
        /// Each row's length.
        public let lengths: [Int]
    }

    public func forward(_ xs: [Matrix], lengths: [Int]? = nil) -> (hs: [Matrix], last: Matrix, cache: Cache) {
        guard let batch = xs.first?.rows else { fatalError("Unidirectional.forward: an empty sequence") }
        let lengths = lengths ?? Array(repeating: xs.count, count: batch)
        checkLengths(lengths, steps: xs.count, batch: batch, "Unidirectional.forward")
        let (hs, _, cache) = layer.forward(xs, initial: layer.zeroState(batch: batch))  // h_t for t = 0 ..< T: (batch × hidden) each
        let last = lastRealRows(hs, lengths: lengths)  // h at each row's last real step: (batch × hidden)
        let masked = hs.indices.map { zeroPadding(hs[$0], lengths: lengths, step: $0) }
        return (masked, last, Cache(layer: cache, lengths: lengths))
    }

    public func backward(_ dhs: [Matrix], dLast: Matrix?, cache: Cache) -> (parameters: Gradients, inputs: [Matrix]) {
        let lengths = cache.lengths
        var d = dhs.indices.map { zeroPadding(dhs[$0], lengths: lengths, step: $0) }  // padded outputs were zeroed
        if let dLast {
            guard dLast.shape == (lengths.count, outputSize) else {
                shapeError("Unidirectional.backward: dLast \(dLast.shapeDescription), last is (\(lengths.count)×\(outputSize))")
            }
            addToLastRealRows(dLast, into: &d, lengths: lengths)  // into h at each row's last real step
        }
        let g = layer.backward(d, dFinal: nil, cache: cache.layer)  // BPTT
        return (g.parameters, g.inputs)
    }
}

extension Unidirectional: Sendable where Layer: Sendable {}
extension Unidirectional.Cache: Sendable where Layer.Cache: Sendable {}
