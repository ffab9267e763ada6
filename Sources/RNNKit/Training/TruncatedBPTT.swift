/// Truncated backpropagation through time: the gradient of a long sequence computed chunk by
/// chunk, k steps at a time.
///
/// Each chunk starts from the state the previous chunk ended in, so the forward pass is the same
/// as over the whole sequence; but the backward pass of a chunk stops at its first step. The
/// state is carried forward as a *value*, its gradient is not carried back: nothing that
/// happens in a chunk can change the weights through an earlier chunk's steps. That caps both the
/// memory (k steps of cache, not T) and the length of the products of Jacobians (at most k
/// factors, so nothing can explode over more than k steps), at the price of never learning a
/// dependency longer than k steps.
///
/// With k ≥ T there is one chunk and the result is exactly full BPTT.
///
/// - Parameters:
///   - layer: any recurrent layer (RNN, LSTM, GRU).
///   - xs: the whole sequence, `xs[t]` `(batch × input)`.
///   - initial: the state before the first step.
///   - chunkLength: k, steps per chunk (the last chunk may be shorter).
///   - loss: called once per chunk with the index of its first step and its hidden outputs `hs`;
///     returns that chunk's loss and ∂loss/∂hs (one matrix per step of the chunk). A head's own
///     gradients can be accumulated here, in a variable the closure captures.
/// - Returns: the sum of the chunks' losses, the sum of the chunks' parameter gradients (in the
///   layer's `parameters` order), and the final state.
public func truncatedBPTT<Layer: RecurrentLayer>(
    _ layer: Layer, xs: [Matrix], initial: Layer.State, chunkLength: Int,
    loss: (_ start: Int, _ hs: [Matrix]) -> (loss: Double, dhs: [Matrix])
) -> (loss: Double, gradients: Gradients, final: Layer.State) {
    guard chunkLength >= 1 else { fatalError("truncatedBPTT: chunkLength \(chunkLength) must be at least 1") }
    var total = 0.0
    var gradients = Gradients.zeros(like: layer.parameters)
    var state = initial
    for start in stride(from: 0, to: xs.count, by: chunkLength) {
        let chunk = Array(xs[start..<Swift.min(start + chunkLength, xs.count)])
        let (hs, final, cache) = layer.forward(chunk, initial: state)  // from the carried state's value
        let (chunkLoss, dhs) = loss(start, hs)
        // Backward through this chunk only: no dFinal from the next chunk, and the gradient that
        // reaches the chunk's initial state is dropped (the state is "detached").
        let grads = layer.backward(dhs, dFinal: nil, cache: cache)
        for i in gradients.values.indices { gradients.values[i].add(grads.parameters.values[i]) }
        total += chunkLoss
        state = final
    }
    return (total, gradients, state)
}
