import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

private typealias S = GatedTestSupport

/// Saving and loading every model type of the library under PyTorch's names and shapes.
@Suite("State dict and safetensors round trips")
struct StateDictTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/rnnkit-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).safetensors"
    }

    /// Saves `model`, loads the file into `other` (a model of the same shapes, other values), and
    /// checks that every parameter and `output` come back to the last bit.
    static func roundTrip<M: Parameterized>(_ model: M, into other: M, _ label: String, output: (M) -> [Double]) throws {
        let path = temporaryPath(label)
        defer { remove(path) }
        try model.saveSafetensors(to: path, metadata: ["model": label])
        var loaded = other
        #expect(loaded.parameters != model.parameters, "\(label): the second model must start different")
        try loaded.loadSafetensors(from: path)
        #expect(loaded.parameters == model.parameters, "\(label)")
        #expect(output(loaded).map(\.bitPattern) == output(model).map(\.bitPattern), "\(label): outputs")
        #expect(try SafetensorsFile(contentsOf: path).metadata == ["model": label])
    }

    @Test("the names and shapes of PyTorch's state_dict: biases are vectors, the rest matrices")
    func namesAndShapes() {
        var rng = RandomSource(seed: 1)
        let lstm = Stacked<LSTM>(inputSize: 3, hiddenSize: 5, layers: 2, using: &rng)
        #expect(
            lstm.stateDict.map(\.name) == [
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            ])
        #expect(lstm.stateDict.map(\.tensor.shape) == [[20, 3], [20, 5], [20], [20], [20, 5], [20, 5], [20], [20]])
        let bi = Bidirectional<GRU>(inputSize: 2, hiddenSize: 4, using: &rng)
        #expect(
            bi.stateDict.map(\.name).suffix(4) == [
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            ])
        let lm = CharacterLanguageModel(
            embedding: Embedding(vocabularySize: 7, dimension: 3, using: &rng), layer: GRU(inputSize: 3, hiddenSize: 4, using: &rng),
            using: &rng)
        #expect(
            lm.stateDict.map(\.name) == [
                "embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.weight", "head.bias",
            ])
        #expect(lm.stateDict.map(\.tensor.shape) == [[7, 3], [12, 3], [12, 4], [12], [12], [7, 4], [7]])
        #expect(lm.stateDict.allSatisfy { $0.tensor.dtype == .f64 })
        // A one-output head keeps its weight a matrix [1, in]: the rule goes by name, not by shape.
        let head = Linear(inputSize: 4, outputSize: 1, using: &rng)
        #expect(head.stateDict.map(\.tensor.shape) == [[1, 4], [1]])
    }

    @Test("round trips to the last bit: RNN, LSTM, GRU, stacked, bidirectional")
    func recurrentLayers() throws {
        var rng = RandomSource(seed: 2)
        let xs = S.randomSequence(4, 2, 3, using: &rng)
        func layer<L: RandomlyInitializedRecurrentLayer>(_: L.Type, _ rng: inout RandomSource) throws {
            try Self.roundTrip(
                L(inputSize: 3, hiddenSize: 5, using: &rng), into: L(inputSize: 3, hiddenSize: 5, using: &rng), "\(L.self)"
            ) { $0.forward(xs, initial: $0.zeroState(batch: 2)).hs.flatMap(\.storage) }
            try Self.roundTrip(
                Stacked<L>(inputSize: 3, hiddenSize: 4, layers: 3, using: &rng),
                into: Stacked<L>(inputSize: 3, hiddenSize: 4, layers: 3, using: &rng), "Stacked<\(L.self)>"
            ) { $0.forward(xs).hs.flatMap(\.storage) }
            try Self.roundTrip(
                Bidirectional<L>(inputSize: 3, hiddenSize: 4, using: &rng),
                into: Bidirectional<L>(inputSize: 3, hiddenSize: 4, using: &rng),
                "Bidirectional<\(L.self)>"
            ) { $0.forward(xs, lengths: [4, 2]).hs.flatMap(\.storage) }
        }
        try layer(RNN.self, &rng)
        try layer(LSTM.self, &rng)
        try layer(GRU.self, &rng)
    }

    @Test("round trips to the last bit: Linear, Embedding, MLP, Attention")
    func layers() throws {
        var rng = RandomSource(seed: 3)
        let x = Matrix.uniform(3, 4, -1, 1, using: &rng)
        try Self.roundTrip(
            Linear(inputSize: 4, outputSize: 2, using: &rng), into: Linear(inputSize: 4, outputSize: 2, using: &rng), "Linear"
        ) {
            $0.forward(x).storage
        }
        try Self.roundTrip(
            Embedding(vocabularySize: 6, dimension: 3, using: &rng), into: Embedding(vocabularySize: 6, dimension: 3, using: &rng),
            "Embedding"
        ) { $0.forward([5, 0, 2]).storage }
        try Self.roundTrip(
            MLP(inputSize: 4, hiddenSizes: (5, 3), outputSize: 2, using: &rng),
            into: MLP(inputSize: 4, hiddenSizes: (5, 3), outputSize: 2, using: &rng),
            "MLP"
        ) { $0.predict(x).storage }
        let keys = S.randomSequence(3, 3, 2, using: &rng)
        try Self.roundTrip(
            Attention(querySize: 4, keySize: 2, using: &rng), into: Attention(querySize: 4, keySize: 2, using: &rng), "Attention"
        ) {
            $0.forward(query: x, keys: keys).context.storage
        }
    }

    @Test("round trips to the last bit: the composite models")
    func composites() throws {
        var rng = RandomSource(seed: 4)
        let xs = S.randomSequence(5, 2, 1, using: &rng)
        try Self.roundTrip(
            SequenceRegressor(layer: LSTM(inputSize: 1, hiddenSize: 4, using: &rng), using: &rng),
            into: SequenceRegressor(layer: LSTM(inputSize: 1, hiddenSize: 4, using: &rng), using: &rng), "SequenceRegressor"
        ) { $0.predict(xs).storage }
        let batch = PaddedBatch([[1, 2, 3], [4, 1]], padding: 0)
        func classifier(_ rng: inout RandomSource) -> SequenceClassifier<GRU> {
            SequenceClassifier(
                embedding: Embedding(vocabularySize: 5, dimension: 3, using: &rng), layer: GRU(inputSize: 3, hiddenSize: 4, using: &rng),
                classes: 2, using: &rng)
        }
        try Self.roundTrip(classifier(&rng), into: classifier(&rng), "SequenceClassifier") { $0.logits(batch).storage }
        func languageModel(_ rng: inout RandomSource) -> CharacterLanguageModel<LSTM> {
            CharacterLanguageModel(
                embedding: Embedding(vocabularySize: 5, dimension: 3, using: &rng), layer: LSTM(inputSize: 3, hiddenSize: 4, using: &rng),
                using: &rng)
        }
        try Self.roundTrip(languageModel(&rng), into: languageModel(&rng), "CharacterLanguageModel") {
            $0.logits(batch).logits.flatMap(\.storage)
        }
        func tagger(_ rng: inout RandomSource) -> SequenceTagger<Bidirectional<GRU>> {
            SequenceTagger(encoder: Bidirectional<GRU>(inputSize: 5, hiddenSize: 3, using: &rng), labelCount: 2, using: &rng)
        }
        try Self.roundTrip(tagger(&rng), into: tagger(&rng), "SequenceTagger") {
            $0.lossAndGradients(batch, labels: [[0, 1], [1, 0], [1, 1]]).loss.storageArray
        }
        func translator(_ rng: inout RandomSource) -> EncoderDecoder<Bidirectional<GRU>> {
            EncoderDecoder(
                encoder: Bidirectional<GRU>(inputSize: 6, hiddenSize: 3, using: &rng), outputVocabularySize: 6, attention: true, using: &rng
            )
        }
        try Self.roundTrip(translator(&rng), into: translator(&rng), "EncoderDecoder") {
            $0.teacherForcedLogits(sources: [[3, 4, 5], [5]], targets: [[4, 3], [5]]).flatMap(\.storage)
        }
        #expect(translator(&rng).stateDict.map(\.name).contains("decoder.attention.weight"))
        func plainTranslator(_ rng: inout RandomSource) -> EncoderDecoder<Unidirectional<GRU>> {
            EncoderDecoder(
                encoder: Unidirectional(GRU(inputSize: 6, hiddenSize: 4, using: &rng)), outputVocabularySize: 6, attention: false,
                using: &rng)
        }
        try Self.roundTrip(plainTranslator(&rng), into: plainTranslator(&rng), "EncoderDecoder<Unidirectional>") {
            $0.teacherForcedLogits(sources: [[3, 4, 5], [5]], targets: [[4, 3], [5]]).flatMap(\.storage)
        }
        #expect(plainTranslator(&rng).stateDict.map(\.name).prefix(2) == ["encoder.weight_ih_l0", "encoder.weight_hh_l0"])
        #expect(plainTranslator(&rng).stateDict.map(\.name).suffix(2) == ["decoder.head.weight", "decoder.head.bias"])
    }

    @Test("a wrong file is refused with the parameter's name, and the model is left unchanged")
    func refusals() throws {
        var rng = RandomSource(seed: 5)
        let model = SequenceRegressor(layer: GRU(inputSize: 1, hiddenSize: 4, using: &rng), using: &rng)
        func attempt(_ tensors: [(name: String, tensor: Tensor)]) -> SafetensorsError? {
            var copy = model
            do {
                try copy.loadStateDict(tensors)
                return nil
            } catch let e as SafetensorsError {
                #expect(copy.parameters == model.parameters, "no partial load")
                return e
            } catch {
                return nil
            }
        }
        var other = SequenceRegressor(layer: GRU(inputSize: 1, hiddenSize: 4, using: &rng), using: &rng).stateDict
        // A wrong shape: a GRU of hidden 5's recurrent weight in the place of hidden 4's.
        other[1].tensor = Tensor(shape: [15, 5], values: Array(repeating: 0.5, count: 75))
        #expect(attempt(other) == .shapeMismatch(name: "rnn.weight_hh_l0", expected: [12, 4], found: [15, 5]))
        // A bias as a (1 × n) matrix is not PyTorch's vector.
        var rowBias = model.stateDict
        rowBias[2].tensor = Tensor(model.parameters[2])
        #expect(attempt(rowBias) == .shapeMismatch(name: "rnn.bias_ih_l0", expected: [12], found: [1, 12]))
        #expect(attempt(Array(model.stateDict.dropLast())) == .missingParameters(["head.bias"]))
        #expect(attempt(model.stateDict + [("head.scale", Tensor(shape: [1], values: [2]))]) == .unexpectedParameters(["head.scale"]))
        // The names without the module prefix (a bare nn.GRU's file) are all missing.
        let bare = GRU(inputSize: 1, hiddenSize: 4, using: &rng).stateDict
        #expect(
            attempt(bare)
                == .missingParameters([
                    "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.weight", "head.bias",
                ]))
        // A file that is not safetensors at all.
        let path = Self.temporaryPath("garbage")
        defer { remove(path) }
        let handle = fopen(path, "wb")!
        fputs("not a safetensors file", handle)
        fclose(handle)
        var copy = model
        #expect(throws: SafetensorsError.self) { try copy.loadSafetensors(from: path) }
        #expect(copy.parameters == model.parameters)
    }
}

extension Double {
    /// One number as a list, for `roundTrip`'s outputs.
    fileprivate var storageArray: [Double] { [self] }
}
