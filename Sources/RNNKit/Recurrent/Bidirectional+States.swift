/// A recurrent state whose rows are the sequences of a batch, so that some rows can be taken out,
/// run alone and put back: the hidden state `Matrix`, the LSTM's `(h, c)`, and a stack's list.
public protocol BatchRows {
    /// The rows at `indices`, in that order.
    func rows(at indices: [Int]) -> Self
    /// Overwrites the rows at `indices` with `part`'s rows, in order.
    mutating func setRows(at indices: [Int], from part: Self)
    /// Adds `part`'s rows into the rows at `indices`.
    mutating func addRows(at indices: [Int], from part: Self)
}

extension Matrix: BatchRows {
    public func rows(at indices: [Int]) -> Matrix { Matrix(rows: indices.count, cols: cols, indices.flatMap { row($0) }) }

    public mutating func setRows(at indices: [Int], from part: Matrix) {
        guard part.rows == indices.count && part.cols == cols else {
            shapeError("setRows: \(part.shapeDescription) for \(indices.count) rows of \(shapeDescription)")
        }
        for (k, r) in indices.enumerated() { for j in 0..<cols { self[r, j] = part[k, j] } }
    }

    public mutating func addRows(at indices: [Int], from part: Matrix) {
        guard part.rows == indices.count && part.cols == cols else {
            shapeError("addRows: \(part.shapeDescription) for \(indices.count) rows of \(shapeDescription)")
        }
        for (k, r) in indices.enumerated() { for j in 0..<cols { self[r, j] += part[k, j] } }
    }
}

extension LSTMState: BatchRows {
    public func rows(at indices: [Int]) -> LSTMState { LSTMState(h: h.rows(at: indices), c: c.rows(at: indices)) }
    public mutating func setRows(at indices: [Int], from part: LSTMState) {
        h.setRows(at: indices, from: part.h)
        c.setRows(at: indices, from: part.c)
    }
    public mutating func addRows(at indices: [Int], from part: LSTMState) {
        h.addRows(at: indices, from: part.h)
        c.addRows(at: indices, from: part.c)
    }
}

extension Array: BatchRows where Element: BatchRows {
    public func rows(at indices: [Int]) -> [Element] { map { $0.rows(at: indices) } }
    public mutating func setRows(at indices: [Int], from part: [Element]) {
        for l in self.indices { self[l].setRows(at: indices, from: part[l]) }
    }
    public mutating func addRows(at indices: [Int], from part: [Element]) {
        for l in self.indices { self[l].addRows(at: indices, from: part[l]) }
    }
}

/// Initial and final states of a bidirectional layer, as PyTorch's `h_0`, `c_0` and `h_n`, `c_n`.
///
/// Over a padded batch, PyTorch (with a packed sequence) stops each row at its own end: its final
/// state is the one after its last real step, in both directions (the backward direction's last
/// real step is position 0). The layers here run over the whole padded batch, so for a row shorter
/// than the batch their final states have also read padding. The rows of each shorter length n are
/// therefore run once more, alone over their n real steps, and their final states are taken from
/// that run; backward sends the final states' gradients into those runs (by the chain rule, the
/// gradients of two uses of the same weights add). Full-length rows need no second run.
extension Bidirectional where Layer.State: BatchRows {
    /// Runs both directions over `xs` from given states: PyTorch's `output, (h_n, c_n) = lstm(x, (h_0, c_0))`.
    ///
    /// - Parameters:
    ///   - initial: each direction's state before it reads its first input (the backward layer's
    ///     first input is x_{n_b−1}), or `nil` for zeros.
    ///   - lengths: each row's number of real steps; `nil` for all full.
    /// - Returns: as `forward(_:lengths:)`, and `final`: each direction's state after each row's
    ///   whole sequence (the forward layer's after x_{n_b−1}, the backward layer's after x_0).
    public func forward(
        _ xs: [Matrix], initial: States?, lengths: [Int]? = nil
    ) -> (hs: [Matrix], last: Matrix, final: States, cache: Cache) {
        guard let batch = xs.first?.rows else { fatalError("Bidirectional.forward: an empty sequence") }
        let initial = initial ?? zeroStates(batch: batch)
        var (hs, last, final, cache) = run(xs, initial: initial, lengths: lengths)
        let lengths = cache.lengths
        for n in Set(lengths).sorted() where n < xs.count {
            let rows = lengths.indices.filter { lengths[$0] == n }
            let own = xs[0..<n].map { $0.rows(at: rows) }  // these rows' real steps only
            let f = forwardLayer.forward(own, initial: initial.forward.rows(at: rows))
            let b = backwardLayer.forward(own.reversed(), initial: initial.backward.rows(at: rows))
            final.forward.setRows(at: rows, from: f.final)  // after x_{n−1}
            final.backward.setRows(at: rows, from: b.final)  // after x_0
            cache.shortRowGroups.append(ShortRowGroup(rows: rows, length: n, forward: f.cache, backward: b.cache))
        }
        return (hs, last, final, cache)
    }

    /// Backpropagation through both directions, with the final states' gradients (an LSTM's h
    /// and c), returning the initial states' too.
    ///
    /// - Parameters:
    ///   - dhs: ∂L/∂hs[t] `(batch × 2·hidden)` for every step (entries at padded positions are ignored).
    ///   - dLast: ∂L/∂last `(batch × 2·hidden)`, or `nil`.
    ///   - dFinal: ∂L/∂final for each direction, or `nil`.
    ///   - cache: from `forward(_:initial:lengths:)`.
    /// - Returns: gradients in `parameters` order, ∂L/∂xs[t] (zero at padded positions), and
    ///   ∂L/∂initial for each direction.
    public func backward(
        _ dhs: [Matrix], dLast: Matrix?, dFinal: States?, cache: Cache
    ) -> (parameters: Gradients, inputs: [Matrix], initial: States) {
        guard let dFinal else { return backpropagate(dhs, dLast: dLast, layerFinals: nil, cache: cache) }
        let lengths = cache.lengths, steps = dhs.count
        // Full-length rows: their final states are the layers' own, so their gradients enter there.
        let full = lengths.indices.filter { lengths[$0] == steps }
        var layerFinals = zeroStates(batch: lengths.count)
        layerFinals.forward.setRows(at: full, from: dFinal.forward.rows(at: full))
        layerFinals.backward.setRows(at: full, from: dFinal.backward.rows(at: full))
        var (parameters, inputs, initial) = backpropagate(dhs, dLast: dLast, layerFinals: layerFinals, cache: cache)
        // Shorter rows: their final states came from their own runs; backpropagate into those.
        for group in cache.shortRowGroups {
            let gF = forwardLayer.backward([], dFinal: dFinal.forward.rows(at: group.rows), cache: group.forward)
            let gB = backwardLayer.backward([], dFinal: dFinal.backward.rows(at: group.rows), cache: group.backward)
            // The same weights, used again: their gradients add.
            parameters = Gradients(zip(parameters.values, (gF.parameters + gB.parameters).values).map { $0 + $1 })
            for k in 0..<group.length {
                inputs[k].addRows(at: group.rows, from: gF.inputs[k])  // forward run: step k read x_k
                inputs[group.length - 1 - k].addRows(at: group.rows, from: gB.inputs[k])  // backward run: step k read x_{n−1−k}
            }
            initial.forward.addRows(at: group.rows, from: gF.initial)
            initial.backward.addRows(at: group.rows, from: gB.initial)
        }
        return (parameters, inputs, initial)
    }
}
