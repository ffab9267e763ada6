/// Scheduled sampling (Bengio et al., 2015): train the decoder on its own outputs some of the time.
///
/// Under teacher forcing the decoder's input at step t is always the correct token y_{t-1}, so in
/// training it never reads a prefix with its own mistakes in it, while at test time it reads
/// nothing else (exposure bias). Scheduled sampling replaces each input, with probability ε, by
/// the token the model itself chose at the previous step, here its most probable one (what greedy
/// decoding feeds back), and raises ε during training from 0, so that the model first learns
/// from correct prefixes and then more and more from its own:
///
///     x_0 = start,   x_t = ŷ_{t-1} with probability ε, else y_{t-1}     ŷ_{t-1} = argmax z_{t-1}
///
/// The chosen tokens are constants for the gradient: the loss is the cross-entropy of every
/// step's scores against the *correct* token, and backpropagation runs through the decoder as
/// under teacher forcing, on the mixed inputs. Since each ŷ depends on the inputs before it, the
/// inputs are chosen in a first pass one step at a time (forward only); the training pass then
/// runs the decoder over them in one call, which computes the same states.
extension EncoderDecoder {
    /// The decoder inputs of scheduled sampling for a batch: for each example `start`, then at
    /// each later step the model's own previous choice with probability `epsilon`, else the
    /// correct previous token. One uniform number is drawn per example and step, whatever ε.
    public func scheduledInputs(
        sources: [[Int]], targets: [[Int]], epsilon: Double, using rng: inout RandomSource
    ) -> [[Int]] {
        let (xs, padded) = encoderInputs(sources)
        let (hs, last, _) = encoder.forward(xs, lengths: padded.lengths)
        let keys = decoder.attention?.prepare(hs)  // once for every step
        let steps = targets.map(\.count).max() ?? 0
        var inputs = targets.map { _ in [start] }
        var tokens = [Int](repeating: start, count: targets.count)  // each row's current input
        var state = last
        for t in 0..<(steps - 1) {
            let (z, s, _) = decoder.step(
                oneHot(tokens, classes: decoder.inputSize), state: state, prepared: keys, lengths: padded.lengths)
            let chosen = z.argmaxPerRow()  // ŷ_t, the model's own choice at step t
            for b in targets.indices {
                let own = rng.uniform() < epsilon
                guard t + 1 < targets[b].count else { continue }  // this output has ended
                tokens[b] = own ? chosen[b] : targets[b][t]  // x_{t+1}
                inputs[b].append(tokens[b])
            }
            state = s
        }
        return inputs
    }

    /// One step of training with scheduled sampling at rate `epsilon` (0 is teacher forcing):
    /// inputs chosen by `scheduledInputs`, then the loss, clipping and an optimizer step as in
    /// `trainStep(sources:targets:optimizer:maxGradientNorm:)`. Returns the loss before the step.
    @discardableResult
    public mutating func trainStep(
        sources: [[Int]], targets: [[Int]], epsilon: Double, using rng: inout RandomSource, optimizer: inout Adam,
        maxGradientNorm: Double = 1
    ) -> Double {
        let inputs = scheduledInputs(sources: sources, targets: targets, epsilon: epsilon, using: &rng)
        var (loss, g) = lossAndGradients(sources: sources, targets: targets, inputs: inputs)
        requireFinite(loss, step: optimizer.stepCount)
        clipGradientsByNorm(&g, maxNorm: maxGradientNorm)
        optimizer.step(&parameters, g)
        return loss
    }
}
