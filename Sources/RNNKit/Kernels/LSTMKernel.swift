#if canImport(Glibc)
    import Glibc
#endif

/// The LSTM's fast path: what `LSTM.forward` and `LSTM.backward` run. The same equations as the
/// readable step (`Recurrent/LSTM+Step.swift`, which a reader follows), written for speed: the
/// input products of all steps in one matrix product, the recurrence in threads over blocks of
/// batch rows (`ParallelRows`), allocation-free loops over raw pointers, vectorized activations
/// (`Activations+SIMD.swift`). A test holds the two equal to 1e-13.
enum LSTMKernel {
    /// `LSTM.forward` over `xs` (at least one step, shapes checked by the layer).
    ///
    /// Speed: the input part of every gate at every step, x_t W_ihᵀ + b_ih + b_hh, does not depend
    /// on h, so it is computed for the whole sequence in one matrix product before the recurrence
    /// (the xs stacked into `(T·batch × input)`). Inside the loop only h W_hhᵀ remains, one product
    /// per step for all four gates, added in place into that step's rows of the gates matrix. The
    /// states h, c and tanh(c) of all steps live in three stacked matrices, so the loop allocates
    /// nothing, and the squashing functions run as vectorized loops (`Activations+SIMD.swift`).
    static func forward(_ layer: LSTM, _ xs: [Matrix], initial: LSTMState) -> (hs: [Matrix], final: LSTMState, cache: LSTMCache) {
        let weightIH = layer.weightIH, weightHH = layer.weightHH, biasIH = layer.biasIH, biasHH = layer.biasHH
        let steps = xs.count, hidden = layer.hiddenSize, batch = initial.h.rows
        let x = Matrix.vstack(xs)  // every step's input, stacked: (T·batch × input)
        // x W_ihᵀ + b_ih + b_hh for all steps at once: (T·batch × 4·hidden)
        var gates = Matrix(repeatingRow: biasIH + biasHH, count: steps * batch)  // b_ih + b_hh in every row
        Matrix.gemm(x, weightIH, into: &gates, transposeB: true, beta: 1)  // + x W_ihᵀ

        // All the states in three stacked matrices (block 0 of h and c: the initial state), so the
        // loop reads h_{t-1} and c_{t-1} and writes h_t, c_t and tanh(c_t) in place.
        let block = batch * hidden  // entries of one step's (batch × hidden)
        var hStates = Matrix(rows: (steps + 1) * batch, cols: hidden)  // ((T+1)·batch × hidden)
        var cStates = Matrix(rows: (steps + 1) * batch, cols: hidden)  // ((T+1)·batch × hidden)
        var tanhCStates = Matrix(rows: steps * batch, cols: hidden)  // (T·batch × hidden)
        hStates.storage.replaceSubrange(0..<block, with: initial.h.storage)
        cStates.storage.replaceSubrange(0..<block, with: initial.c.storage)
        // The recurrence. Rows of the batch never mix, so blocks of rows run on separate cores,
        // each through all the steps (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * 4 * hidden * hidden)
        gates.storage.withUnsafeMutableBufferPointer { gatesBuffer in
            hStates.storage.withUnsafeMutableBufferPointer { hBuffer in
                cStates.storage.withUnsafeMutableBufferPointer { cBuffer in
                    tanhCStates.storage.withUnsafeMutableBufferPointer { tanhCBuffer in
                        weightHH.storage.withUnsafeBufferPointer { wBuffer in
                            let gates = gatesBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                            let h = hBuffer.baseAddress!, c = cBuffer.baseAddress!, tanhCs = tanhCBuffer.baseAddress!
                            batchBlocks.run { rows in
                                for t in 0..<steps {
                                    let stepGates = gates + (t * batch + rows.lowerBound) * 4 * hidden  // these rows of step t
                                    // Pre-activations of the four gates: the input part already in `gates`,
                                    // + h_{t-1} W_hhᵀ (block t of hStates is h_{t-1}): (rows × hidden)·(4·hidden × hidden)ᵀ
                                    batchBlocks.gemm(
                                        transposeB: true, m: rows.count, n: 4 * hidden, k: hidden,
                                        a: h + (t * batch + rows.lowerBound) * hidden, lda: hidden, b: wHH, ldb: hidden,
                                        beta: 1, c: stepGates, ldc: 4 * hidden)
                                    batchBlocks.forEachBlock(of: rows) { rows in
                                        for b in rows {
                                            // Row b of step t: [i | f | g | o] in `gates`, one unit of the states per column.
                                            let row = gates + (t * batch + b) * 4 * hidden
                                            let unit = t * block + b * hidden  // row b of block t
                                            let cPrev = c + unit, cNew = c + unit + block  // c_{t-1}, c_t
                                            let hNew = h + unit + block  // h_t
                                            let tanhC = tanhCs + unit  // tanh(c_t)
                                            // Each gate's squashing, in place: the activated gates stay in `gates`
                                            // for the backward pass. i and f are side by side, so one loop does both.
                                            applySigmoid(row, count: 2 * hidden)  // i, f = σ(...)
                                            applyTanh(row + 2 * hidden, count: hidden)  // g = tanh(...)
                                            applySigmoid(row + 3 * hidden, count: hidden)  // o = σ(...)
                                            // One pointer per gate, indexed by j alone, so the loop vectorizes.
                                            let iGate = row, fGate = row + hidden, gGate = row + 2 * hidden, oGate = row + 3 * hidden
                                            for j in 0..<hidden {
                                                let i = iGate[j], f = fGate[j], g = gGate[j], o = oGate[j]
                                                let cj = f * cPrev[j] + i * g  // c_t = f ⊙ c_{t-1} + i ⊙ g
                                                let tc = kernelTanh(cj)
                                                cNew[j] = cj
                                                tanhC[j] = tc
                                                hNew[j] = o * tc  // h_t = o ⊙ tanh(c_t)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let hs = (0..<steps).map { hStates.rows((($0 + 1) * batch)..<(($0 + 2) * batch)) }  // each (batch × hidden)
        let final = LSTMState(
            h: hStates.rows((steps * batch)..<((steps + 1) * batch)), c: cStates.rows((steps * batch)..<((steps + 1) * batch)))
        let cache = LSTMCache(
            inputs: x, initial: initial, gates: gates, hs: hs, hStates: hStates, cStates: cStates, tanhCStates: tanhCStates)
        return (hs, final, cache)
    }

    /// `LSTM.backward` for a sequence of at least one step (shapes checked by the layer), from
    /// dh_next = ∂L/∂h_T and dc_next = ∂L/∂c_T beyond the sequence.
    ///
    /// Walking the steps from last to first, it carries two running gradients: dh_next = ∂L/∂h_t
    /// through step t+1, and dc_next = ∂L/∂c_t through step t+1. The gradients of the
    /// pre-activations of all four gates at all steps are kept in one `(T·batch × 4·hidden)`
    /// matrix, so the weight gradients, summed over time, are each one matrix product at the end.
    static func backward(
        _ layer: LSTM, _ dhs: [Matrix], dhNext: Matrix, dcNext: Matrix, cache: LSTMCache
    ) -> RecurrentGradients<LSTMState> {
        let weightIH = layer.weightIH, weightHH = layer.weightHH
        let steps = cache.hs.count, hidden = layer.hiddenSize, batch = cache.initial.h.rows
        var dhNext = dhNext  // ∂L/∂h_t through step t+1: (batch × hidden)
        var dcNext = dcNext  // ∂L/∂c_t through step t+1: (batch × hidden)
        var dGates = Matrix(rows: steps * batch, cols: 4 * hidden)  // ∂L/∂(pre-activations), all steps: (T·batch × 4·hidden)
        let block = batch * hidden  // entries of one step's (batch × hidden)

        let dhsStorage = dhs.map(\.storage)  // ∂L/∂h_t from above for every step
        // Rows of the batch never mix, so blocks of rows run on separate cores (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * 4 * hidden * hidden)
        dGates.storage.withUnsafeMutableBufferPointer { dGatesBuffer in
            dhNext.storage.withUnsafeMutableBufferPointer { dhNextBuffer in
                dcNext.storage.withUnsafeMutableBufferPointer { dcNextBuffer in
                    cache.gates.storage.withUnsafeBufferPointer { gatesBuffer in
                        cache.cStates.storage.withUnsafeBufferPointer { cBuffer in
                            cache.tanhCStates.storage.withUnsafeBufferPointer { tanhCBuffer in
                                weightHH.storage.withUnsafeBufferPointer { wBuffer in
                                    let dGates = dGatesBuffer.baseAddress!, gates = gatesBuffer.baseAddress!
                                    let dhNext = dhNextBuffer.baseAddress!, dcNext = dcNextBuffer.baseAddress!
                                    let c = cBuffer.baseAddress!, tanhCs = tanhCBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                                    batchBlocks.run { rows in
                                        for t in stride(from: steps - 1, through: 0, by: -1) {
                                            dhsStorage[t].withUnsafeBufferPointer { dhAbove in
                                                batchBlocks.forEachBlock(of: rows) { rows in
                                                    for b in rows {
                                                        let offset = (t * batch + b) * 4 * hidden  // row b of step t in the gate matrices
                                                        let gate = gates + offset, dGate = dGates + offset
                                                        let unit = b * hidden  // row b in a (batch × hidden) matrix
                                                        let cPrev = c + t * block + unit  // c_{t-1}
                                                        let tanhC = tanhCs + t * block + unit  // tanh(c_t)
                                                        // Row b of ∂L/∂h_t's two parts: from the loss at t, and through step t+1.
                                                        let above = dhAbove.baseAddress! + unit, beyond = dhNext + unit
                                                        let dcBeyond = dcNext + unit  // row b of ∂L/∂c_t through step t+1
                                                        // One pointer per gate, indexed by j alone, so the loop vectorizes.
                                                        let iGate = gate, fGate = gate + hidden, gGate = gate + 2 * hidden,
                                                            oGate = gate + 3 * hidden
                                                        let dI = dGate, dF = dGate + hidden, dG = dGate + 2 * hidden,
                                                            dO = dGate + 3 * hidden
                                                        for j in 0..<hidden {
                                                            let i = iGate[j], f = fGate[j], g = gGate[j], o = oGate[j]
                                                            let tc = tanhC[j]
                                                            // h_t feeds the loss at step t and the gates of step t+1: add both.
                                                            let dh = above[j] + beyond[j]
                                                            // h = o ⊙ tanh(c): into o.
                                                            let dOutput = dh * tc
                                                            // h = o ⊙ tanh(c): into c, through tanh; plus c_t's own path into step t+1.
                                                            let dc = dcBeyond[j] + dh * o * (1 - tc * tc)
                                                            // c = f ⊙ c_{t-1} + i ⊙ g: into i, f and g.
                                                            let dInput = dc * g
                                                            let dForget = dc * cPrev[j]
                                                            let dCandidate = dc * i
                                                            // Through each gate's squashing: σ' = y(1 − y), tanh' = 1 − y².
                                                            dI[j] = dInput * i * (1 - i)
                                                            dF[j] = dForget * f * (1 - f)
                                                            dG[j] = dCandidate * (1 - g * g)
                                                            dO[j] = dOutput * o * (1 - o)
                                                            // c = f ⊙ c_{t-1} + ...: into c_{t-1}.
                                                            dcBeyond[j] = dc * f
                                                        }
                                                    }
                                                }
                                            }
                                            // Pre-activation = ... + h_{t-1} W_hhᵀ: into h_{t-1}. (rows × 4·hidden)·(4·hidden × hidden)
                                            batchBlocks.gemm(
                                                m: rows.count, n: hidden, k: 4 * hidden,
                                                a: dGates + (t * batch + rows.lowerBound) * 4 * hidden, lda: 4 * hidden, b: wHH,
                                                ldb: hidden,
                                                beta: 0, c: dhNext + rows.lowerBound * hidden, ldc: hidden)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Pre-activation = x W_ihᵀ + h_{t-1} W_hhᵀ + b_ih + b_hh, at every step. The weights are shared
        // by all steps, so their gradients are sums over time, here as one product over all steps.
        let sums = weightGradientsOverTime(
            dInputSide: dGates, dHiddenSide: nil, inputs: cache.inputs, hStates: cache.hStates, steps: steps, batch: batch,
            weightIH: weightIH)
        return RecurrentGradients(parameters: sums.parameters, inputs: sums.inputs, initial: LSTMState(h: dhNext, c: dcNext))
    }
}
