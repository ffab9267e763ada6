#if canImport(Glibc)
    import Glibc
#endif

/// The GRU's fast path: what `GRU.forward` and `GRU.backward` run. The same equations as the
/// readable step (`Recurrent/GRU+Step.swift`, which a reader follows), written for speed: the
/// input products of all steps in one matrix product, the recurrence in threads over blocks of
/// batch rows (`ParallelRows`), allocation-free loops over raw pointers, vectorized activations
/// (`Activations+SIMD.swift`). A test holds the two equal to 1e-13.
enum GRUKernel {
    /// `GRU.forward` over `xs` (at least one step, shapes checked by the layer).
    ///
    /// Speed: the input parts x_t W_ihᵀ + b_ih of every step are one matrix product before the
    /// recurrence (the xs stacked into `(T·batch × input)`); inside the loop, h W_hhᵀ is one product
    /// per step for all three gates. The hidden states of all steps live in one stacked matrix, so
    /// the loop allocates nothing, and the squashing functions run as vectorized loops
    /// (`Activations+SIMD.swift`).
    static func forward(_ layer: GRU, _ xs: [Matrix], initial: Matrix) -> (hs: [Matrix], final: Matrix, cache: GRUCache) {
        let weightIH = layer.weightIH, weightHH = layer.weightHH, biasIH = layer.biasIH, biasHH = layer.biasHH
        let steps = xs.count, hidden = layer.hiddenSize, batch = initial.rows
        let x = Matrix.vstack(xs)  // every step's input, stacked: (T·batch × input)
        var gates = Matrix(repeatingRow: biasIH, count: steps * batch)  // b_ih in every row
        Matrix.gemm(x, weightIH, into: &gates, transposeB: true, beta: 1)  // + x W_ihᵀ for all steps at once: (T·batch × 3·hidden)
        var hiddenCandidates = Matrix(rows: steps * batch, cols: hidden)  // h W_hnᵀ + b_hn for every step: (T·batch × hidden)

        // All hidden states in one stacked matrix (block 0: the initial h), so the loop reads h_{t-1}
        // and writes h_t in place; `recurrent` is reused by every step. Nothing is allocated in the loop.
        let block = batch * hidden  // entries of one step's (batch × hidden)
        var hStates = Matrix(rows: (steps + 1) * batch, cols: hidden)  // ((T+1)·batch × hidden)
        hStates.storage.replaceSubrange(0..<block, with: initial.storage)
        // h_{t-1} W_hhᵀ + b_hh of the current step: (batch × 3·hidden), reused by every step.
        var recurrent = Matrix(rows: batch, cols: 3 * hidden)
        // The recurrence. Rows of the batch never mix, so blocks of rows run on separate cores,
        // each through all the steps (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * 3 * hidden * hidden)
        gates.storage.withUnsafeMutableBufferPointer { gatesBuffer in
            recurrent.storage.withUnsafeMutableBufferPointer { recurrentBuffer in
                hStates.storage.withUnsafeMutableBufferPointer { hBuffer in
                    hiddenCandidates.storage.withUnsafeMutableBufferPointer { hnBuffer in
                        weightHH.storage.withUnsafeBufferPointer { wBuffer in
                            biasHH.storage.withUnsafeBufferPointer { bBuffer in
                                let gates = gatesBuffer.baseAddress!, recurrent = recurrentBuffer.baseAddress!
                                let h = hBuffer.baseAddress!, hiddenCandidates = hnBuffer.baseAddress!
                                let wHH = wBuffer.baseAddress!, bHH = bBuffer.baseAddress!
                                batchBlocks.run { rows in
                                    let recurrentRows = recurrent + rows.lowerBound * 3 * hidden  // these rows of `recurrent`
                                    for t in 0..<steps {
                                        // h_{t-1} W_hhᵀ + b_hh (block t of hStates is h_{t-1}): b_hh in every row, + the product.
                                        for b in 0..<rows.count { (recurrentRows + b * 3 * hidden).update(from: bHH, count: 3 * hidden) }
                                        batchBlocks.gemm(
                                            transposeB: true, m: rows.count, n: 3 * hidden, k: hidden,
                                            a: h + (t * batch + rows.lowerBound) * hidden, lda: hidden, b: wHH, ldb: hidden,
                                            beta: 1, c: recurrentRows, ldc: 3 * hidden)
                                        batchBlocks.forEachBlock(of: rows) { rows in
                                            for b in rows {
                                                // Row b of step t: [r | z | n] in `gates` and in `recurrent`.
                                                let row = gates + (t * batch + b) * 3 * hidden
                                                let rec = recurrent + b * 3 * hidden
                                                let unit = t * block + b * hidden  // row b of block t
                                                let hPrev = h + unit, hNew = h + unit + block  // h_{t-1}, h_t
                                                let hn = hiddenCandidates + unit  // h W_hnᵀ + b_hn, before the reset
                                                // r and z: the sums of their two sides, squashed in place (r and z are
                                                // side by side, so one loop does both). The activated gates stay in
                                                // `gates` for the backward pass.
                                                for j in 0..<(2 * hidden) { row[j] += rec[j] }
                                                applySigmoid(row, count: 2 * hidden)
                                                // n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))
                                                // (One pointer per gate, indexed by j alone, so the loops vectorize.)
                                                let r = row, z = row + hidden, n = row + 2 * hidden
                                                hn.update(from: rec + 2 * hidden, count: hidden)
                                                for j in 0..<hidden { n[j] += r[j] * hn[j] }
                                                applyTanh(n, count: hidden)
                                                for j in 0..<hidden {
                                                    hNew[j] = (1 - z[j]) * n[j] + z[j] * hPrev[j]  // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
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
        }
        let hs = (0..<steps).map { hStates.rows((($0 + 1) * batch)..<(($0 + 2) * batch)) }  // each (batch × hidden)
        let cache = GRUCache(
            inputs: x, initial: initial, gates: gates, hiddenCandidates: hiddenCandidates, hs: hs, hStates: hStates)
        return (hs, hs[steps - 1], cache)
    }

    /// `GRU.backward` for a sequence of at least one step (shapes checked by the layer), from
    /// dh_next = ∂L/∂h_T beyond the sequence.
    ///
    /// The input side and the hidden side of the GRU receive different gradients for the
    /// candidate (r multiplies only the hidden side), so two `(T·batch × 3·hidden)` matrices
    /// collect them: `dInputSide`, ∂L/∂(x W_ihᵀ + b_ih), and `dHiddenSide`, ∂L/∂(h W_hhᵀ + b_hh). The
    /// weight gradients, summed over time, are then one matrix product each.
    static func backward(_ layer: GRU, _ dhs: [Matrix], dhNext: Matrix, cache: GRUCache) -> RecurrentGradients<Matrix> {
        let weightIH = layer.weightIH, weightHH = layer.weightHH
        let steps = cache.hs.count, hidden = layer.hiddenSize, batch = cache.initial.rows
        var dhNext = dhNext  // ∂L/∂h_t through step t+1: (batch × hidden)
        var dInputSide = Matrix(rows: steps * batch, cols: 3 * hidden)  // ∂L/∂(x W_ihᵀ + b_ih): (T·batch × 3·hidden)
        var dHiddenSide = Matrix(rows: steps * batch, cols: 3 * hidden)  // ∂L/∂(h W_hhᵀ + b_hh): (T·batch × 3·hidden)
        let block = batch * hidden  // entries of one step's (batch × hidden)

        let dhsStorage = dhs.map(\.storage)  // ∂L/∂h_t from above for every step
        // Rows of the batch never mix, so blocks of rows run on separate cores (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * 3 * hidden * hidden)
        dInputSide.storage.withUnsafeMutableBufferPointer { dInputBuffer in
            dHiddenSide.storage.withUnsafeMutableBufferPointer { dHiddenBuffer in
                dhNext.storage.withUnsafeMutableBufferPointer { dhNextBuffer in
                    cache.gates.storage.withUnsafeBufferPointer { gatesBuffer in
                        cache.hiddenCandidates.storage.withUnsafeBufferPointer { hnBuffer in
                            cache.hStates.storage.withUnsafeBufferPointer { hBuffer in
                                weightHH.storage.withUnsafeBufferPointer { wBuffer in
                                    let dInputSide = dInputBuffer.baseAddress!, dHiddenSide = dHiddenBuffer.baseAddress!
                                    let dhNext = dhNextBuffer.baseAddress!, gates = gatesBuffer.baseAddress!
                                    let hiddenCandidates = hnBuffer.baseAddress!, h = hBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                                    batchBlocks.run { rows in
                                        for t in stride(from: steps - 1, through: 0, by: -1) {
                                            dhsStorage[t].withUnsafeBufferPointer { dhAbove in
                                                batchBlocks.forEachBlock(of: rows) { rows in
                                                    for b in rows {
                                                        let offset = (t * batch + b) * 3 * hidden  // row b of step t in the gate matrices
                                                        let gate = gates + offset, dInput = dInputSide + offset,
                                                            dHidden = dHiddenSide + offset
                                                        let unit = b * hidden  // row b in a (batch × hidden) matrix
                                                        let hPrev = h + t * block + unit  // h_{t-1}
                                                        let hiddenCandidate = hiddenCandidates + t * block + unit  // h W_hnᵀ + b_hn
                                                        // Row b of ∂L/∂h_t's two parts: from the loss at t, and through step t+1.
                                                        let above = dhAbove.baseAddress! + unit, beyond = dhNext + unit
                                                        // One pointer per gate, indexed by j alone, so the loop vectorizes.
                                                        let rGate = gate, zGate = gate + hidden, nGate = gate + 2 * hidden
                                                        let dInputR = dInput, dInputZ = dInput + hidden, dInputN = dInput + 2 * hidden
                                                        let dHiddenR = dHidden, dHiddenZ = dHidden + hidden, dHiddenN = dHidden + 2 * hidden
                                                        for j in 0..<hidden {
                                                            let r = rGate[j], z = zGate[j], n = nGate[j]
                                                            let hn = hiddenCandidate[j]
                                                            // h_t feeds the loss at step t and the gates of step t+1: add both.
                                                            let dh = above[j] + beyond[j]
                                                            // h' = (1 − z) ⊙ n + z ⊙ h: into n, into z, and straight into h_{t-1}
                                                            // (kept in dhNext, to which the product below adds the path through the gates).
                                                            let dn = dh * (1 - z)
                                                            let dz = dh * (hPrev[j] - n)
                                                            beyond[j] = dh * z
                                                            // n = tanh(a_n): through tanh, 1 − n².
                                                            let dAn = dn * (1 - n * n)
                                                            // a_n = (x W_inᵀ + b_in) + r ⊙ hn: into r, and into hn (scaled by r).
                                                            let dr = dAn * hn
                                                            let dHn = dAn * r
                                                            // Through the sigmoids of r and z: y(1 − y).
                                                            let dAr = dr * r * (1 - r)
                                                            let dAz = dz * z * (1 - z)
                                                            // r's and z's pre-activations are plain sums of their input and hidden sides.
                                                            dInputR[j] = dAr
                                                            dInputZ[j] = dAz
                                                            dInputN[j] = dAn
                                                            dHiddenR[j] = dAr
                                                            dHiddenZ[j] = dAz
                                                            dHiddenN[j] = dHn
                                                        }
                                                    }
                                                }
                                            }
                                            // Hidden side = h_{t-1} W_hhᵀ + b_hh: into h_{t-1}, added to the direct path
                                            // through z ⊙ h. (rows × 3·hidden)·(3·hidden × hidden)
                                            batchBlocks.gemm(
                                                m: rows.count, n: hidden, k: 3 * hidden,
                                                a: dHiddenSide + (t * batch + rows.lowerBound) * 3 * hidden, lda: 3 * hidden,
                                                b: wHH, ldb: hidden, beta: 1, c: dhNext + rows.lowerBound * hidden, ldc: hidden)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // The weights are shared by all steps, so their gradients are sums over time: one product each.
        let sums = weightGradientsOverTime(
            dInputSide: dInputSide, dHiddenSide: dHiddenSide, inputs: cache.inputs, hStates: cache.hStates, steps: steps,
            batch: batch, weightIH: weightIH)
        return RecurrentGradients(parameters: sums.parameters, inputs: sums.inputs, initial: dhNext)
    }
}
