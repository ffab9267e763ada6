/// A model of three parts in a row: an `Embedding` that turns tokens into vectors, a recurrent
/// layer over them, and a `Linear` head on its states. `SequenceClassifier` and
/// `CharacterLanguageModel` are two; they differ only in which states the head reads.
///
/// Conforming gives the parameters and their names, in the order embedding, layer, head
/// (`embedding.weight`, `rnn.` + the layer's PyTorch names, `head.weight`, `head.bias`).
public protocol EmbeddedRecurrentModel: Parameterized {
    associatedtype Layer: RecurrentLayer
    /// E, the token vectors, `(vocabulary × dimension)`.
    var embedding: Embedding { get set }
    /// The recurrent layer; its `inputSize` is the embedding's dimension.
    var layer: Layer { get set }
    /// The head on the layer's states.
    var head: Linear { get set }
}

extension EmbeddedRecurrentModel {
    /// The embedding's, the layer's and the head's parameters, in that order.
    public var parameters: [Matrix] {
        get { embedding.parameters + layer.parameters + head.parameters }
        set {
            let n = layer.parameters.count
            guard newValue.count == n + 3 else {
                shapeError("\(Self.self).parameters: got \(newValue.count) matrices for \(n + 3) parameters")
            }
            embedding.parameters = [newValue[0]]
            layer.parameters = Array(newValue[1...n])
            head.parameters = Array(newValue[(n + 1)...])
        }
    }

    /// `embedding.weight`, `rnn.` + the layer's names, `head.weight`, `head.bias`: PyTorch's
    /// state-dict names for a module whose fields are `embedding`, `rnn` and `head`.
    public var parameterNames: [String] {
        ["embedding.weight"] + layer.parameterNames.map { "rnn." + $0 } + ["head.weight", "head.bias"]
    }
}
