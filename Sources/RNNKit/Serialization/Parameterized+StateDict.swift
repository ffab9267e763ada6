/// A model's parameters as PyTorch's `state_dict`, and saving and loading them as safetensors.
///
/// Every model of the library names its parameters as the equivalent `torch.nn` module does
/// (`parameterNames`), and stores them in PyTorch's layout, so a file written here loads in
/// PyTorch with `model.load_state_dict(safetensors.torch.load_file(path))`, and the reverse:
///
/// | library model                       | PyTorch module                                     | state-dict names and shapes (H hidden, I input, G gates: 1 RNN, 4 LSTM, 3 GRU) |
/// |-------------------------------------|----------------------------------------------------|------------------------------------------------------------|
/// | `RNN`, `LSTM`, `GRU`                | `nn.RNN` / `nn.LSTM` / `nn.GRU`                    | `weight_ih_l0` [G·H, I], `weight_hh_l0` [G·H, H], `bias_ih_l0` [G·H], `bias_hh_l0` [G·H] |
/// | `Stacked` (num_layers = L)          | the same with `num_layers=L`                       | layer l's as above with `_l<l>`; `weight_ih_l1` is [G·H, H] |
/// | `Bidirectional`                     | the same with `bidirectional=True`                 | the forward layer's, then the same names + `_reverse`       |
/// | `Linear`                            | `nn.Linear`                                        | `weight` [out, in], `bias` [out]                             |
/// | `Embedding`                         | `nn.Embedding`                                     | `weight` [vocabulary, dimension]                             |
/// | `MLP`                               | `nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)`| `0.weight`, `0.bias`, `2.…`, `4.…`                           |
/// | `SequenceRegressor`                 | a module with `rnn` and `head`                     | `rnn.weight_ih_l0`, …, `head.weight`, `head.bias`            |
/// | `SequenceClassifier`, `CharacterLanguageModel` | a module with `embedding`, `rnn`, `head` | `embedding.weight`, `rnn.weight_ih_l0`, …, `head.weight`, `head.bias` |
/// | `SequenceTagger`                    | a module with `encoder` and `head`                 | `encoder.weight_ih_l0`, … (`_reverse` if bidirectional), `head.…` |
/// | `Decoder`, `EncoderDecoder`         | modules with `gru`, `attention`, `head`; `encoder`, `decoder` | `decoder.gru.weight_ih_l0`, `decoder.attention.weight`, … |
///
/// The one change of layout: the library keeps every bias as a `(1 × n)` row (so it broadcasts
/// over a batch), PyTorch as a vector of shape [n]. A parameter whose name's last part starts with
/// `bias` is written as [n] and must be [n] in a file; every other parameter is a matrix [rows, cols].
/// Entries are written as F64 (`torch.float64`: the library computes in Double, and a round trip
/// gives every bit back); a file of F32 (`torch.float32`, PyTorch's default) is read too, widened.
extension Parameterized {
    /// The parameters under their PyTorch names, in PyTorch's shapes (biases as vectors), in
    /// `parameters` order: what `module.state_dict()` holds for the equivalent module.
    public var stateDict: [(name: String, tensor: Tensor)] {
        let names = parameterNames
        guard Set(names).count == names.count, names.count == parameters.count else {
            fatalError("\(Self.self).stateDict: \(parameters.count) parameters with names \(names), which must be as many and distinct")
        }
        return zip(names, parameters).map { ($0, Tensor($1, asVector: isBiasName($0))) }
    }

    /// Sets every parameter from `tensors` (name → tensor), all or nothing: first it checks that
    /// the names are exactly the model's and each shape is PyTorch's shape of that parameter, and
    /// only then assigns. On any error the model is left unchanged.
    ///
    /// - Throws: `SafetensorsError.missingParameters`, `.unexpectedParameters` or `.shapeMismatch`
    ///   (naming the parameter and both shapes).
    public mutating func loadStateDict(_ tensors: [(name: String, tensor: Tensor)]) throws {
        let expected = stateDict  // the names and PyTorch shapes this model needs
        var byName: [String: Tensor] = [:]
        for (name, t) in tensors { byName[name] = t }
        let missing = expected.map(\.name).filter { byName[$0] == nil }
        guard missing.isEmpty else { throw SafetensorsError.missingParameters(missing) }
        let wanted = Set(expected.map(\.name))
        let unexpected = tensors.map(\.name).filter { !wanted.contains($0) }
        guard unexpected.isEmpty else { throw SafetensorsError.unexpectedParameters(unexpected) }
        var values: [Matrix] = []
        for (name, e) in expected {
            let t = byName[name]!
            guard t.shape == e.shape else { throw SafetensorsError.shapeMismatch(name: name, expected: e.shape, found: t.shape) }
            values.append(Matrix(rows: e.shape.count == 1 ? 1 : e.shape[0], cols: e.shape.last!, t.values))
        }
        parameters = values
    }

    /// Writes the parameters to `path` as a safetensors file (F64, PyTorch's names and shapes),
    /// with `metadata` in its header.
    public func saveSafetensors(to path: String, metadata: [String: String] = [:]) throws {
        try SafetensorsFile(tensors: stateDict, metadata: metadata).write(to: path)
    }

    /// Reads the safetensors file at `path` and loads it with `loadStateDict`: all or nothing.
    public mutating func loadSafetensors(from path: String) throws {
        try loadStateDict(SafetensorsFile(contentsOf: path).tensors)
    }
}

/// PyTorch stores biases as vectors: a name whose last part (after the last `.`) starts with `bias`.
func isBiasName(_ name: String) -> Bool {
    (name.split(separator: ".").last ?? "").hasPrefix("bias")
}
