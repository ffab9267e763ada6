/// A training run of an encoder-decoder that can be continued, copied and continued differently.
///
/// Each step takes the next batch of training pairs, computes the teacher-forced loss (or the
/// scheduled-sampling loss) and its gradients, clips them to norm 1 and takes an Adam step
/// (learning rate 0.01). The batches come from `SequencePairs.lengthBatches`: inputs of similar
/// lengths together, the batches in a new random order at every pass over the training set.
///
/// A `Run` is a value: `var copy = run` keeps the model, the optimizer's moments, the random
/// source and the batches still to come, so that `run.train(…)` and `copy.train(…)` continue from
/// the same point (in the same order of batches) in two different ways.
///
///     var run = Run(EncoderDecoder(encoder: …, outputVocabularySize: 14, attention: true, using: &rng),
///                   on: training, seed: 2)
///     run.train(steps: 240)               // teacher forcing
///     var fork = run
///     fork.train(steps: 240) { step in 0.5 * Double(step) / 240 }   // scheduled sampling
// ANCHOR: run
public struct Run<E: SequenceEncoder> {
    /// The model, as trained so far.
    public var model: EncoderDecoder<E>
    /// The training pairs.
    public let data: SequencePairs
    /// Draws the order of the batches (and scheduled sampling's choices).
    public var rng: RandomSource
    /// Examples per batch: 25 by default. A change takes effect at the next pass.
    public var batchSize = 25
    /// The optimizer: Adam at learning rate 0.01.
    public var adam = Adam(learningRate: 0.01)
    /// The batches (indices into `data`) still to come in the current pass.
    public var queue: [[Int]] = []
    /// The loss of every step taken, before its update.
    public var losses: [Double] = []

    /// A run that trains `model` on `data`, its random source seeded with `seed`.
    public init(_ model: EncoderDecoder<E>, on data: SequencePairs, seed: UInt64) {
        self.model = model
        self.data = data
        rng = RandomSource(seed: seed)
    }

    /// `steps` more steps: teacher forcing, or scheduled sampling at rate `epsilon(step)` (step
    /// counted from 0 in this call) if given.
    public mutating func train(steps: Int, epsilon: ((Int) -> Double)? = nil) {
        for step in 0..<steps {
            if queue.isEmpty { queue = data.lengthBatches(size: batchSize, using: &rng) }
            let batch = queue.removeFirst()
            let (sources, targets) = (batch.map { data.sources[$0] }, batch.map { data.targets[$0] })
            if let epsilon {
                losses.append(
                    model.trainStep(sources: sources, targets: targets, epsilon: epsilon(step), using: &rng, optimizer: &adam))
            } else {
                losses.append(model.trainStep(sources: sources, targets: targets, optimizer: &adam))
            }
        }
    }
}
// ANCHOR_END: run

extension Run: Sendable where E: Sendable {}
